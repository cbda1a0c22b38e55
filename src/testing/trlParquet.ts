/** A real Parquet file in TRL's completions shape, for the importer's tests. */
import { parquetWriteBuffer } from 'hyparquet-writer';
/** A table in the shape TRL's GRPOTrainer logs, written with hyparquet-writer; its second row has no numbers. */
export function trlParquet(): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: [
      { name: 'step', data: [8n, 8n, 8n], type: 'INT64' },
      { name: 'prompt', data: ['What is 9-4?', 'What is 9-4?', 'What is 9-4?'], type: 'STRING' },
      { name: 'completion', data: ['9 - 4 = 5', '9 - 4 = 13', '9 - 4 = 6'], type: 'STRING' },
      { name: 'accuracy_reward', data: [1, null, 0], type: 'DOUBLE' },
      { name: 'format_reward', data: [0.5, null, 0.5], type: 'DOUBLE' },
      { name: 'advantage', data: [0.7, null, -0.7], type: 'DOUBLE' },
    ],
  });
}
