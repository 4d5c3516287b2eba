import { LineCounter, type Node } from 'yaml';
import { SpaceError } from '../errors.js';
import type { SourcePosition } from './types.js';

/** What every part of the parser needs: where things are, and one way to fail. */
export class ParseContext {
  readonly file: string | undefined;
  /** The YAML source, for pieces the YAML parser splits (see parse-params.ts). */
  readonly text: string;
  readonly lines = new LineCounter();
  /** Label -> where it was first defined, for duplicate detection across the whole tree. */
  readonly labels = new Map<string, SourcePosition>();
  /** A study's stored space: labels later rules refuse (session 46) are still read (labels.ts). */
  readonly stored: boolean;

  constructor(file: string | undefined, text = '', stored = false) {
    this.file = file;
    this.text = text;
    this.stored = stored;
  }

  positionAt(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  positionOf(node: Node | null | undefined, extraOffset = 0): SourcePosition {
    const start = node?.range?.[0];
    return start === undefined ? { line: 1, column: 1 } : this.positionAt(start + extraOffset);
  }

  fail(reason: string, position: SourcePosition, label?: string): never {
    throw new SpaceError(reason, { file: this.file, line: position.line, column: position.column, label });
  }
}
