import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { deleteUserData } from '../lib/user-data/service';

/** DELETE /v1/user_data?customer_id= */
export const handler = serviceHandler('deleteUserData', async (req, caller) => {
  return respond(200, await deleteUserData(caller, req.query));
});
