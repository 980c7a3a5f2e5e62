/**
 * The named schemas of the OpenAPI document, from every area's responses: only the
 * generator (functions/http/openapi.ts) imports this module, handlers import their area's.
 * The order is the document's order of `#/components/schemas`.
 */
import type * as z from 'zod/mini';
import { ambassador, ambassadorExport, ambassadorStats, profile, publicProfile } from './ambassadors.ts';
import { checkIn, checkinCode, guestCheckIn } from './checkins.ts';
import { communityId, countryCode, governorateId, interestId, language, wilayatId } from './common.ts';
import { community, communitySummary, resource } from './communities.ts';
import { gatewayMessage, problem } from './errors.ts';
import { auditEntry, idea, ideaStatus, publicIdea, queuedIdea } from './ideas.ts';
import { leaderboard, leaderboardEntry } from './leaderboards.ts';
import { lecture, ownLecture, queuedLecture, staffLecture } from './lectures.ts';
import { eventType, notification, notificationGroup, preferences, queueStats } from './notifications.ts';
import { ledgerEntry, myPoints, pointReason, pointRule, pointRules, season, seasons } from './points.ts';
import { featuredIdea, showcaseItem } from './showcase.ts';
import { governorate, health, interest, wilayat } from './system.ts';
import { comment, joinRequest, membership, staffComment, team, teamMember } from './teams.ts';

/** The named schemas of the document (`#/components/schemas/<name>`). */
export const components = {
  Problem: problem,
  GatewayMessage: gatewayMessage,
  GovernorateId: governorateId,
  WilayatId: wilayatId,
  CommunityId: communityId,
  InterestId: interestId,
  Language: language,
  CountryCode: countryCode,
  IdeaStatus: ideaStatus,
  Health: health,
  Governorate: governorate,
  Wilayat: wilayat,
  Interest: interest,
  AmbassadorStats: ambassadorStats,
  PublicProfile: publicProfile,
  Profile: profile,
  Ambassador: ambassador,
  AmbassadorExport: ambassadorExport,
  Lecture: lecture,
  OwnLecture: ownLecture,
  StaffLecture: staffLecture,
  QueuedLecture: queuedLecture,
  CheckinCode: checkinCode,
  CheckIn: checkIn,
  GuestCheckIn: guestCheckIn,
  Resource: resource,
  CommunitySummary: communitySummary,
  Community: community,
  LeaderboardEntry: leaderboardEntry,
  Leaderboard: leaderboard,
  Idea: idea,
  PublicIdea: publicIdea,
  QueuedIdea: queuedIdea,
  AuditEntry: auditEntry,
  Comment: comment,
  StaffComment: staffComment,
  JoinRequest: joinRequest,
  TeamMember: teamMember,
  Team: team,
  Membership: membership,
  ShowcaseItem: showcaseItem,
  FeaturedIdea: featuredIdea,
  EventType: eventType,
  NotificationGroup: notificationGroup,
  Notification: notification,
  Preferences: preferences,
  QueueStats: queueStats,
  Season: season,
  Seasons: seasons,
  PointReason: pointReason,
  PointRule: pointRule,
  PointRules: pointRules,
  LedgerEntry: ledgerEntry,
  MyPoints: myPoints,
} as const satisfies Record<string, z.ZodMiniType>;
