/**
 * When each study this process read was made (the first read wins): its writes go only to that study
 * (trial-batch.ts), not to one removed and made again under its name meanwhile.
 */
export class StudiesRead {
  private readonly made = new Map<string, number>();

  note(study: string, createdAt: number): void {
    if (!this.made.has(study)) this.made.set(study, createdAt);
  }

  of(study: string): number | null {
    return this.made.get(study) ?? null;
  }
}
