/**
 * The staff gate (docs/identity.md): TOTP is required for the `staff` group. Cognito cannot
 * require MFA for one group, so the pre-token-generation trigger asks this, at every sign-in
 * and token refresh, which groups the new tokens may carry. Pure: the trigger reads the
 * user's MFA settings (AdminGetUser) and passes them in.
 */

/** The Cognito group whose members get the `staff` role (docs/api-contract.md §2). */
export const STAFF_GROUP = 'staff';

/** Cognito's name for TOTP in `UserMFASettingList` and `PreferredMfaSetting`. */
export const TOTP = 'SOFTWARE_TOKEN_MFA';

export interface GateInput {
  /** The groups Cognito would put in the token (`cognito:groups`). */
  groups: readonly string[];
  /** The MFA methods the user has enabled (AdminGetUser `UserMFASettingList`), if known. */
  mfaMethods: readonly string[] | undefined;
}

export interface GateDecision {
  /** The groups the tokens carry. */
  groups: string[];
  /** True when the staff group was taken out. */
  staffDropped: boolean;
}

/**
 * Keeps every group but `staff` as it is; keeps `staff` only when the user has TOTP enabled.
 * With the pool's MFA OPTIONAL, a user with TOTP enabled must answer a TOTP challenge at
 * every sign-in, so "TOTP enabled" means "signed in with TOTP". Unknown MFA settings (the
 * lookup failed) count as none: the gate fails closed.
 */
export const staffGate = ({ groups, mfaMethods }: GateInput): GateDecision => {
  if (!groups.includes(STAFF_GROUP)) return { groups: [...groups], staffDropped: false };
  if (mfaMethods?.includes(TOTP)) return { groups: [...groups], staffDropped: false };
  return { groups: groups.filter((g) => g !== STAFF_GROUP), staffDropped: true };
};
