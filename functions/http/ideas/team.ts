import { FORMER_AMBASSADOR } from '../../../domain/ambassadors.ts';
import { readIdea } from '../../../domain/idea-cases.ts';
import { batchGet } from '../../store/batch.ts';
import { ambassadorKey } from '../../store/keys.ts';
import { http } from '../kit.ts';
import { getTeam } from '../routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(getTeam, async ({ caller, params, lang, now }) => {
  const deps = ideaDeps(now);
  const idea = await readIdea(deps, params.id, caller);
  const members = await deps.ideas.members(idea.id);
  // Names are read, not copied onto memberships, so renames and erasures show at once.
  const profiles = await batchGet(
    members.map((m) => ambassadorKey(m.ambassadorId)),
    {
      expression: 'id, #n, erased',
      names: { '#n': 'name' },
    },
  );
  const nameOf = new Map(profiles.map((p) => [String(p.id), p.erased ? undefined : (p.name as string)]));
  return {
    body: {
      ideaId: idea.id,
      leaderId: idea.authorId,
      teamSize: idea.teamSize,
      members: members
        .sort((a, b) => Number(b.leader) - Number(a.leader) || a.joinedAt.localeCompare(b.joinedAt))
        .map((m) => ({
          ambassadorId: m.ambassadorId,
          name: nameOf.get(m.ambassadorId) ?? FORMER_AMBASSADOR[lang],
          role: m.role,
          leader: m.leader,
          joinedAt: m.joinedAt,
        })),
    },
  };
});
