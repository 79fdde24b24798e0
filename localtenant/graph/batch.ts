import { Route } from '../http';
import type { Dispatch } from '../server';

/** JSON batching: POST /v1.0/$batch and /beta/$batch. */
export function batchRoutes(_dispatch: Dispatch): Route[] {
  return [];
}
