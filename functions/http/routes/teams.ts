/** Discussion and teams (docs/api-contract.md §8): this area's entries of the route table (./index.ts). */
import { ideaIdParams } from '#domain/ideas.ts';
import {
  commentInputSchema,
  commentListQuerySchema,
  commentParams,
  handOverSchema,
  joinDecisionParams,
  joinDecisionSchema,
  joinRequestSchema,
} from '#domain/teams.ts';
import { page } from '#http/responses/common.ts';
import { comment, joinRequest, joinRequests, staffComment, team } from '#http/responses/teams.ts';
import { defineRoute } from '#http/route-spec.ts';
import { PK, TEAM_CHANGE_KEYS } from '#http/table-keys.ts';

export const addCommentRoute = defineRoute({
  id: 'addComment',
  method: 'POST',
  path: '/ideas/{id}/comments',
  role: 'ambassador',
  handler: 'ideas/comment-add.ts',
  access: 'write',
  keys: { reads: [PK.idea, PK.ambassador], writes: [PK.idea, PK.event] },
  location: 'collection',
  status: 201,
  tag: 'Discussion',
  summary: 'Comment on, or reply within, a public idea',
  params: ideaIdParams,
  body: commentInputSchema,
  response: comment,
  conflicts: ['invalid_transition'],
});

export const listCommentsRoute = defineRoute({
  id: 'listComments',
  method: 'GET',
  path: '/ideas/{id}/comments',
  role: 'member',
  handler: 'ideas/comment-list.ts',
  access: 'read',
  keys: { reads: [PK.idea, PK.ambassador] },
  status: 200,
  tag: 'Discussion',
  summary: 'Comments, oldest first',
  params: ideaIdParams,
  query: commentListQuerySchema,
  response: page(comment),
});

export const deleteCommentRoute = defineRoute({
  id: 'deleteComment',
  method: 'DELETE',
  path: '/ideas/{id}/comments/{commentId}',
  role: 'ambassador',
  handler: 'ideas/comment-delete.ts',
  access: 'write',
  keys: { reads: [PK.idea], writes: [PK.idea] },
  status: 204,
  tag: 'Discussion',
  summary: "Delete one's own comment",
  params: commentParams,
  ownerOnly: true,
});

export const hideCommentRoute = defineRoute({
  id: 'hideComment',
  method: 'POST',
  path: '/staff/ideas/{id}/comments/{commentId}/hide',
  role: 'staff',
  handler: 'ideas/comment-hide.ts',
  access: 'write',
  keys: { reads: [PK.idea], writes: [PK.idea] },
  status: 200,
  tag: 'Staff',
  summary: 'Hide a comment (audited)',
  params: commentParams,
  response: staffComment,
  ownWork: true,
});

export const requestJoinRoute = defineRoute({
  id: 'requestJoin',
  method: 'POST',
  path: '/ideas/{id}/join-requests',
  role: 'ambassador',
  handler: 'ideas/join-request.ts',
  access: 'write',
  keys: { reads: [PK.idea, PK.ambassador], writes: [PK.idea, PK.event] },
  location: 'parent',
  status: 201,
  tag: 'Teams',
  summary: 'Ask to join the team',
  params: ideaIdParams,
  body: joinRequestSchema,
  response: joinRequest,
  conflicts: ['invalid_transition', 'already_member', 'duplicate_request', 'team_full'],
});

export const listJoinRequestsRoute = defineRoute({
  id: 'listJoinRequests',
  method: 'GET',
  path: '/ideas/{id}/join-requests',
  role: 'member',
  handler: 'ideas/join-list.ts',
  access: 'read',
  keys: { reads: [PK.idea, PK.ambassador] },
  status: 200,
  tag: 'Teams',
  summary: 'Pending join requests (leader, staff)',
  params: ideaIdParams,
  response: joinRequests,
  notRegistered: true,
  ownerOnly: true,
});

export const decideJoinRoute = defineRoute({
  id: 'decideJoin',
  method: 'POST',
  path: '/ideas/{id}/join-requests/{ambassadorId}/decision',
  role: 'ambassador',
  handler: 'ideas/join-decide.ts',
  access: 'write',
  keys: TEAM_CHANGE_KEYS,
  status: 200,
  tag: 'Teams',
  summary: 'Accept or decline a join request (leader)',
  params: joinDecisionParams,
  body: joinDecisionSchema,
  response: joinRequest,
  conflicts: ['invalid_transition', 'already_member', 'team_full'],
  ownerOnly: true,
});

export const getTeamRoute = defineRoute({
  id: 'getTeam',
  method: 'GET',
  path: '/ideas/{id}/team',
  role: 'member',
  handler: 'ideas/team.ts',
  access: 'read',
  keys: { reads: [PK.idea, PK.ambassador] },
  status: 200,
  tag: 'Teams',
  summary: 'The team: leader, size and members',
  params: ideaIdParams,
  response: team,
});

export const leaveTeamRoute = defineRoute({
  id: 'leaveTeam',
  method: 'POST',
  path: '/ideas/{id}/leave',
  role: 'ambassador',
  handler: 'ideas/leave.ts',
  access: 'write',
  keys: TEAM_CHANGE_KEYS,
  status: 204,
  tag: 'Teams',
  summary: 'Leave a team (members, not the leader)',
  params: ideaIdParams,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const handOverTeamRoute = defineRoute({
  id: 'handOverTeam',
  method: 'POST',
  path: '/ideas/{id}/leader',
  role: 'ambassador',
  handler: 'ideas/leader.ts',
  access: 'write',
  keys: TEAM_CHANGE_KEYS,
  status: 200,
  tag: 'Teams',
  summary: 'Hand the team over to a member (leader); the old leader stays a member',
  params: ideaIdParams,
  body: handOverSchema,
  response: team,
  conflicts: ['invalid_transition'],
  ownerOnly: true,
});

export const staffHandOverTeamRoute = defineRoute({
  id: 'staffHandOverTeam',
  method: 'POST',
  path: '/staff/ideas/{id}/leader',
  role: 'staff',
  handler: 'ideas/leader-staff.ts',
  access: 'write',
  keys: TEAM_CHANGE_KEYS,
  status: 200,
  tag: 'Staff',
  summary: 'Hand a team over to one of its members (audited)',
  params: ideaIdParams,
  body: handOverSchema,
  response: team,
  conflicts: ['invalid_transition'],
  ownWork: true,
});
