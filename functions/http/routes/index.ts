/**
 * The route table: every route of the API, once, from the area modules beside this one
 * (one per area: system, ambassadors, lectures, checkins, communities, leaderboards, ideas, teams,
 * showcase, me, points). The CDK stack makes one Lambda and one API route from each entry, the local
 * gateway serves them, the OpenAPI document describes them. Handlers import their own entry
 * from their area's module, never this index: a handler's bundle carries only its area's
 * specs and schemas (test/openapi/bundles.test.ts).
 */

import type { RouteSpec } from '#http/route-spec.ts';
import * as ambassadors from './ambassadors.ts';
import * as checkins from './checkins.ts';
import * as communities from './communities.ts';
import * as ideas from './ideas.ts';
import * as leaderboards from './leaderboards.ts';
import * as lectures from './lectures.ts';
import * as me from './me.ts';
import * as points from './points.ts';
import * as showcase from './showcase.ts';
import * as system from './system.ts';
import * as teams from './teams.ts';

/** In the OpenAPI document's order; the catch-all last. */
const table = [
  system.getHealthRoute,
  system.listRegionsRoute,
  system.listInterestsRoute,
  system.getOpenApiRoute,
  ambassadors.registerAmbassadorRoute,
  ambassadors.getMeRoute,
  ambassadors.patchMeRoute,
  ambassadors.deleteMeRoute,
  ambassadors.exportMeRoute,
  ambassadors.getAmbassadorRoute,
  ambassadors.listAmbassadorsRoute,
  lectures.reportLectureRoute,
  lectures.getLectureRoute,
  lectures.listLecturesRoute,
  lectures.listUpcomingLecturesRoute,
  lectures.reportScheduledLectureRoute,
  lectures.listMyLecturesRoute,
  lectures.patchLectureRoute,
  lectures.deleteLectureRoute,
  lectures.lectureQueueRoute,
  lectures.reviewLectureRoute,
  checkins.getCheckinCodeRoute,
  checkins.checkInRoute,
  checkins.guestCheckInRoute,
  checkins.claimCheckInRoute,
  checkins.listCheckInsRoute,
  communities.listCommunitiesRoute,
  communities.getCommunityRoute,
  communities.addResourceRoute,
  communities.listResourcesRoute,
  leaderboards.getLeaderboardRoute,
  ideas.submitIdeaRoute,
  ideas.getIdeaRoute,
  ideas.listIdeasRoute,
  ideas.listMyIdeasRoute,
  ideas.patchIdeaRoute,
  ideas.withdrawIdeaRoute,
  ideas.ideaQueueRoute,
  ideas.decideIdeaRoute,
  ideas.ideaAuditRoute,
  teams.addCommentRoute,
  teams.listCommentsRoute,
  teams.deleteCommentRoute,
  teams.hideCommentRoute,
  teams.requestJoinRoute,
  teams.listJoinRequestsRoute,
  teams.decideJoinRoute,
  teams.getTeamRoute,
  teams.leaveTeamRoute,
  teams.handOverTeamRoute,
  teams.staffHandOverTeamRoute,
  ideas.startProjectRoute,
  ideas.completeProjectRoute,
  showcase.featureProjectRoute,
  showcase.unfeatureProjectRoute,
  showcase.listShowcaseRoute,
  showcase.getShareCardRoute,
  showcase.getShareCardPngRoute,
  me.listNotificationsRoute,
  me.readNotificationsRoute,
  me.getPreferencesRoute,
  me.putPreferencesRoute,
  me.unsubscribePageRoute,
  me.unsubscribeRoute,
  me.staffQueuesRoute,
  points.createSeasonRoute,
  points.listSeasonsRoute,
  points.listPointRulesRoute,
  points.myPointsRoute,
  system.routeNotFoundRoute,
] as const;

export const routes: readonly RouteSpec[] = table;

/** Every route's operationId: a table keyed by it (`satisfies Record<RouteId, …>`) misses none. */
export type RouteId = (typeof table)[number]['id'];

/** The area modules, by area name: an area is one module of this folder. */
const areaModules: Record<string, Record<string, unknown>> = {
  system,
  ambassadors,
  lectures,
  checkins,
  communities,
  leaderboards,
  ideas,
  teams,
  showcase,
  me,
  points,
};

/**
 * Each area's entries of the route table, in the table's order: the routes its module
 * exports. The API stack deploys each area as a nested stack of its own, so an area added
 * here (a module and its import) gets one without editing the stack.
 */
export const routeAreas: Readonly<Record<string, readonly RouteSpec[]>> = Object.fromEntries(
  Object.entries(areaModules).map(([area, module]) => {
    const exported = new Set(Object.values(module));
    return [area, routes.filter((route) => exported.has(route))];
  }),
);
