/** Ideas and projects (docs/api-contract.md §8): this area's entries of the route table (./index.ts). */
import {
  completeSchema,
  decisionSchema,
  ideaIdParams,
  ideaInputSchema,
  ideaListQuerySchema,
  ideaPatchSchema,
  ownIdeasQuerySchema,
  staffIdeaQueueSchema,
} from '#domain/ideas.ts';
import { page } from '#http/responses/common.ts';
import { auditTrail, idea, publicIdea, queuedIdea } from '#http/responses/ideas.ts';
import { defineRoute } from '#http/route-spec.ts';
import { IDEA_TRANSITION_KEYS, INDEX_PK, PK, TELLING_TRANSITION_KEYS } from '#http/table-keys.ts';

export const submitIdeaRoute = defineRoute({
  id: 'submitIdea',
  method: 'POST',
  path: '/ideas',
  role: 'ambassador',
  handler: 'ideas/submit.ts',
  access: 'write',
  keys: { reads: [PK.idea, PK.ambassador], writes: [PK.idea] },
  status: 201,
  tag: 'Ideas',
  summary: 'Propose a smart-city idea',
  body: ideaInputSchema,
  response: idea,
});

export const getIdeaRoute = defineRoute({
  id: 'getIdea',
  method: 'GET',
  path: '/ideas/{id}',
  role: 'member',
  handler: 'ideas/get.ts',
  access: 'read',
  keys: { reads: [PK.idea] },
  status: 200,
  tag: 'Ideas',
  summary: 'An idea (non-public states only for the author and staff)',
  params: ideaIdParams,
  response: idea,
});

export const listIdeasRoute = defineRoute({
  id: 'listIdeas',
  method: 'GET',
  path: '/ideas',
  role: 'member',
  handler: 'ideas/list.ts',
  access: 'read',
  keys: { reads: [PK.ambassador], indexes: { listings: [INDEX_PK.ideaLists] } },
  status: 200,
  tag: 'Ideas',
  summary: 'Public ideas, newest first',
  query: ideaListQuerySchema,
  response: page(publicIdea),
});

export const listMyIdeasRoute = defineRoute({
  id: 'listMyIdeas',
  method: 'GET',
  path: '/ambassadors/me/ideas',
  role: 'ambassador',
  handler: 'ideas/list-mine.ts',
  access: 'read',
  keys: { indexes: { byOwner: [INDEX_PK.owner] } },
  status: 200,
  tag: 'Ideas',
  summary: "The caller's ideas, any status",
  query: ownIdeasQuerySchema,
  response: page(idea),
});

export const patchIdeaRoute = defineRoute({
  id: 'patchIdea',
  method: 'PATCH',
  path: '/ideas/{id}',
  role: 'ambassador',
  handler: 'ideas/patch.ts',
  access: 'write',
  keys: IDEA_TRANSITION_KEYS,
  status: 200,
  tag: 'Ideas',
  summary: 'Edit (and resubmit) an idea (author)',
  params: ideaIdParams,
  body: ideaPatchSchema,
  response: idea,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const withdrawIdeaRoute = defineRoute({
  id: 'withdrawIdea',
  method: 'POST',
  path: '/ideas/{id}/withdraw',
  role: 'ambassador',
  handler: 'ideas/withdraw.ts',
  access: 'write',
  keys: IDEA_TRANSITION_KEYS,
  status: 200,
  tag: 'Ideas',
  summary: 'Withdraw an idea (author; an approved idea handed over: its leader)',
  params: ideaIdParams,
  response: idea,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const ideaQueueRoute = defineRoute({
  id: 'ideaQueue',
  method: 'GET',
  path: '/staff/ideas',
  role: 'staff',
  handler: 'ideas/queue.ts',
  access: 'read',
  keys: { indexes: { reviewQueue: [INDEX_PK.ideaQueue] } },
  status: 200,
  tag: 'Staff',
  summary: 'The idea review queue, oldest first',
  query: staffIdeaQueueSchema,
  response: page(queuedIdea),
});

export const decideIdeaRoute = defineRoute({
  id: 'decideIdea',
  method: 'POST',
  path: '/staff/ideas/{id}/decision',
  role: 'staff',
  handler: 'ideas/decide.ts',
  access: 'write',
  keys: TELLING_TRANSITION_KEYS,
  status: 200,
  tag: 'Staff',
  summary: 'Approve, reject or request changes, exactly once',
  params: ideaIdParams,
  body: decisionSchema,
  response: idea,
  conflicts: ['invalid_transition'],
  ownWork: true,
});

export const ideaAuditRoute = defineRoute({
  id: 'ideaAudit',
  method: 'GET',
  path: '/staff/ideas/{id}/audit',
  role: 'staff',
  handler: 'ideas/audit.ts',
  access: 'read',
  keys: { reads: [PK.idea] },
  status: 200,
  tag: 'Staff',
  summary: 'Every transition and staff action on an idea',
  params: ideaIdParams,
  response: auditTrail,
});

export const startProjectRoute = defineRoute({
  id: 'startProject',
  method: 'POST',
  path: '/ideas/{id}/start',
  role: 'ambassador',
  handler: 'ideas/start.ts',
  access: 'write',
  keys: TELLING_TRANSITION_KEYS,
  status: 200,
  tag: 'Teams',
  summary: 'Start the project (leader, at least 2 members)',
  params: ideaIdParams,
  response: idea,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const completeProjectRoute = defineRoute({
  id: 'completeProject',
  method: 'POST',
  path: '/ideas/{id}/complete',
  role: 'ambassador',
  handler: 'ideas/complete.ts',
  access: 'write',
  keys: TELLING_TRANSITION_KEYS,
  status: 200,
  tag: 'Teams',
  summary: 'Complete the project with its outcome (leader)',
  params: ideaIdParams,
  body: completeSchema,
  response: idea,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});
