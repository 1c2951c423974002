// The certification a filer acknowledges when filing a CAPE declaration (docs/domain.md 4.1: CBP requires one at
// upload; its exact text is not public). The text is versioned: every declaration records the version its filer
// certified, so changing the wording means adding a version here, never editing one.

export interface Certification {
  version: string;
  text: string;
}

export const CERTIFICATIONS: readonly Certification[] = Object.freeze([
  {
    version: 'cape-declaration-certification-2026-04-20',
    text:
      'I certify that I am the importer of record, or the licensed customs broker that filed the entry summaries, ' +
      'for every entry listed in this declaration; that I am authorized to request on its behalf the refund of ' +
      'duties paid under the International Emergency Economic Powers Act (IEEPA) for these entries; and that, to ' +
      'the best of my knowledge, the information submitted is true and correct. I understand that an accepted ' +
      'declaration cannot be amended or withdrawn, and that a false statement may be subject to penalties under ' +
      '18 U.S.C. 1001 and 19 U.S.C. 1592.',
  },
]);

/** The certification filers acknowledge today. */
export const CURRENT_CERTIFICATION: Certification = CERTIFICATIONS.at(-1)!;

export function certificationByVersion(version: string): Certification | undefined {
  return CERTIFICATIONS.find((certification) => certification.version === version);
}
