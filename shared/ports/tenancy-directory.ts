import type { E164 } from '../domain/phone.ts';
import type { ListedTenancyFile, TenancyId } from '../domain/tenancy.ts';

export interface LookupOptions {
  /** Aborts the request when the caller's budget is spent. */
  readonly signal?: AbortSignal;
}

/** Read side of the tenancy read model: what the inbound lookup needs. */
export interface TenancyDirectory {
  /** Every tenancy that lists this number; more than one means the number is shared. */
  findByPhone(phone: E164, options?: LookupOptions): Promise<readonly ListedTenancyFile[]>;
  findByTenancyId(id: TenancyId, options?: LookupOptions): Promise<ListedTenancyFile | undefined>;
}
