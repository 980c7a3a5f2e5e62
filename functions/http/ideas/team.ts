import { FORMER_AMBASSADOR } from '#domain/ambassadors.ts';
import { readIdeaCase } from '#domain/idea-cases.ts';
import { type Idea, leaderOf } from '#domain/ideas.ts';
import { http } from '#http/kit.ts';
import { getTeamRoute } from '#http/routes/teams.ts';
import { ambassadorNames } from '#store/ambassadors.ts';
import { ideaDeps } from './deps.ts';

/** The team as the API shows it: the leader first, then by joining date. */
export const teamView = async (idea: Idea, lang: 'ar' | 'en') => {
  const members = await ideaDeps(new Date()).ideas.members(idea.id);
  // Names are read, not copied onto memberships, so renames and erasures show at once.
  const nameOf = await ambassadorNames(members.map((m) => m.ambassadorId));
  return {
    ideaId: idea.id,
    leaderId: leaderOf(idea),
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
  };
};

export const handler = http(getTeamRoute, async ({ caller, params, lang, now }) => {
  const idea = await readIdeaCase(ideaDeps(now), params.id, caller);
  return { body: await teamView(idea, lang) };
});
