/**
 * An erased ambassador is told nothing more (docs/api-contract.md §10, §11), end to end on the
 * local server: their comment stays (shown as a former ambassador's) and a reply to it still
 * writes a `comment.replied` event naming them, but the stream's consumer finds their profile
 * an erasure tombstone and makes no inbox for them again, and sends no email.
 */
import { describe, expect, it } from 'vitest';
import { call, newAmbassador, staffToken } from '#support/api.ts';
import { allEmail, drain, mailTo, setPreferences } from '#support/delivery.ts';
import { validComment } from '#support/fixtures.ts';
import { approvedIdea, must } from '#support/scenes.ts';
import { eventsAbout, partition } from '#support/table.ts';

describe('delivery to an erased ambassador', () => {
  it('makes no inbox item and sends no email for an event naming them after their erasure', async () => {
    const author = await newAmbassador();
    const commenter = await newAmbassador();
    const email = `${commenter.id}@example.om`;
    await setPreferences(commenter.token, { email: allEmail('instant') });
    const idea = await approvedIdea(author.token, await staffToken());
    const comment = await must('POST', `/ideas/${idea.id}/comments`, commenter.token, validComment());
    await drain();

    expect((await call('DELETE', '/ambassadors/me', { token: commenter.token })).status).toBe(204);
    expect(await partition(`INBOX#${commenter.id}`)).toEqual([]);

    const reply = await must(
      'POST',
      `/ideas/${idea.id}/comments`,
      author.token,
      validComment({ replyTo: comment.id }),
    );
    await drain();

    // The event was written and names them; delivery left their inbox as the erasure did.
    const [item] = (await eventsAbout(reply.id)).filter((e) => e.event.type === 'comment.replied');
    expect(item?.event.recipients).toEqual([commenter.id]);
    expect(await partition(`INBOX#${commenter.id}`)).toEqual([]);
    expect(await mailTo(email)).toEqual([]);
  });
});
