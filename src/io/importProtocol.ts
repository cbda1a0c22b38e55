/** Messages between the page and the dataset import worker. */
import type { DatasetFormat, DatasetItem, ImportProblem } from '../domain/dataset';

export interface ImportRequest {
  file: Blob;
  name: string;
  format?: DatasetFormat;
}

export type ImportReply =
  | { type: 'progress'; records: number }
  | { type: 'items'; items: DatasetItem[] }
  | { type: 'done'; format: DatasetFormat; problems: ImportProblem[]; problemCount: number }
  | { type: 'error'; message: string };
