/**
 * Scenes set in process, with no fault, through the real handlers (./faults.ts `invoke`): an
 * ambassador, a lecture, an idea approved, a team of two. Everything happens in one community
 * (`GOV`), in Arabic, so its counters are the ones a test reads.
 */
import { randomUUID } from 'node:crypto';
import { handler as registerHandler } from '#http/ambassadors/register.ts';
import { handler as decideHandler } from '#http/ideas/decide.ts';
import { handler as joinDecideHandler } from '#http/ideas/join-decide.ts';
import { handler as joinRequestHandler } from '#http/ideas/join-request.ts';
import { handler as submitHandler } from '#http/ideas/submit.ts';
import { handler as reportHandler } from '#http/lectures/report.ts';
import { registerAmbassadorRoute } from '#http/routes/ambassadors.ts';
import { decideIdeaRoute, submitIdeaRoute } from '#http/routes/ideas.ts';
import { reportLectureRoute } from '#http/routes/lectures.ts';
import { decideJoinRoute, requestJoinRoute } from '#http/routes/teams.ts';
import { type Answer, type Caller, invoke } from './faults.ts';
import { arabicIdea, arabicLecture, arabicProfile } from './fixtures.ts';

export const GOV = 'OM-ZA';
export const WILAYAT = 'yanqul';
export const COMMUNITY = `COMMUNITY#${GOV}`;

/** The body of an answer that must have this status; else it throws, naming the step. */
export const must = async (what: string, a: Promise<Answer>, status: number) => {
  const res = await a;
  if (res.status !== status) throw new Error(`setup ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
export const staff: Caller = { sub: `staff-${randomUUID().slice(0, 8)}`, staff: true };
export const newSub = () => `fault-${randomUUID().slice(0, 12)}`;
export const profile = (name = 'سالم الكندي') => arabicProfile({ name, governorate: GOV, wilayat: WILAYAT });

/** A lecture and an idea in the scene's community. */
export const lectureBody = () => arabicLecture({ governorate: GOV, wilayat: WILAYAT });
export const ideaBody = () => arabicIdea({ city: WILAYAT });

export const registerAmbassador = async (name?: string): Promise<Caller> => {
  const caller = { sub: newSub() };
  await must(
    'register',
    invoke(registerAmbassadorRoute, registerHandler, { caller, body: profile(name) }),
    201,
  );
  return caller;
};
export const reportLecture = async (organizer: Caller) =>
  (
    await must(
      'report',
      invoke(reportLectureRoute, reportHandler, { caller: organizer, body: lectureBody() }),
      201,
    )
  ).id as string;
export const submitIdea = async (author: Caller) =>
  (await must('submit', invoke(submitIdeaRoute, submitHandler, { caller: author, body: ideaBody() }), 201))
    .id as string;
export const decide = (id: string, decision: string) =>
  invoke(decideIdeaRoute, decideHandler, {
    caller: staff,
    params: { id },
    body: { decision, ...(decision === 'approve' ? {} : { note: 'يرجى التوضيح' }) },
  });
export const approvedIdea = async (author: Caller) => {
  const id = await submitIdea(author);
  await must('approve', decide(id, 'approve'), 200);
  return id;
};
export const requestJoin = (id: string, who: Caller) =>
  invoke(requestJoinRoute, joinRequestHandler, { caller: who, params: { id }, body: { role: 'مبرمج' } });
export const decideJoin = (id: string, leader: Caller, who: Caller, decision = 'accept') =>
  invoke(decideJoinRoute, joinDecideHandler, {
    caller: leader,
    params: { id, ambassadorId: who.sub },
    body: { decision },
  });
/** An approved idea whose team is its author (leader) and one member. */
export const teamOfTwo = async () => {
  const leader = await registerAmbassador();
  const member = await registerAmbassador();
  const id = await approvedIdea(leader);
  await must('join', requestJoin(id, member), 201);
  await must('accept', decideJoin(id, leader, member), 200);
  return { id, leader, member };
};
