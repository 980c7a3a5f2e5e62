import { readIdea } from '../../../domain/idea-cases.ts';
import { listComments as list } from '../../store/ideas.ts';
import { http } from '../kit.ts';
import { listComments } from '../routes.ts';
import { ideaDeps } from './deps.ts';

export const handler = http(listComments, async ({ caller, params, query, now }) => {
  await readIdea(ideaDeps(now), params.id, caller);
  return { body: await list(params.id, query) };
});
