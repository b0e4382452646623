import { ClientApiBase } from 'azure-devops-node-api/ClientApiBases';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';

/** One entry of `GET {vssps}/_apis/accounts?memberId=…` (the service's shape). */
export interface AccountEntry {
  accountId?: string;
  accountName?: string;
  accountUri?: string;
  properties?: Record<string, unknown>;
}

/**
 * The Account area of the profile service (app.vssps.visualstudio.com): the organizations a member belongs to.
 * azure-devops-node-api 17 ships no client for this area, so this one is written the way its generated area
 * clients are: route discovery (`OPTIONS /_apis/Account`, location 229a6a53-…) through VsoClient, then a REST GET.
 */
export class AccountsApi extends ClientApiBase {
  static readonly LOCATION_ID = '229a6a53-b428-4ffb-a835-e8f36b5b4b1e';

  constructor(baseUrl: string, handlers: IRequestHandler[], options?: IRequestOptions, userAgent?: string) {
    super(baseUrl, handlers, userAgent || 'node-Account-api', options);
  }

  /** Organizations the member (a profile id) belongs to; `{count, value}` is unwrapped. */
  async getAccounts(memberId: string): Promise<AccountEntry[]> {
    const versioning = await this.vsoClient.getVersioningData('7.1', 'Account', AccountsApi.LOCATION_ID, {}, { memberId });
    const options = this.createRequestOptions('application/json', versioning.apiVersion);
    const res = await this.rest.get<unknown>(versioning.requestUrl!, options);
    const list: unknown = this.formatResponse(res.result, null, true);
    return Array.isArray(list) ? list as AccountEntry[] : [];
  }
}
