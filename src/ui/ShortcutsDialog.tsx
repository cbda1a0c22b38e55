import { useEffect, useRef } from 'react';
import { typingIn } from './keys';

const SHORTCUTS: [string, string][] = [
  ['?', 'Show or hide this list'],
  ['Tab', 'Move to the next control, or into a heatmap row (one stop per row)'],
  ['← →', 'Previous or next token in a heatmap row; previous or next view on the view tabs'],
  ['Shift + ← →', 'First token of the previous or next step'],
  ['↑ ↓', 'The same character in the heatmap row above or below'],
  ['Home / End', 'First or last token of the row'],
  ['← → in Teach', 'Previous or next lesson (outside text fields and heatmaps)'],
  ['Space in Teach', 'Show the next part of the lesson'],
  ['Enter in a question', 'Check the answer you picked'],
  ['j / k in Inspect', 'Next or previous trace of the dataset it was opened from'],
  ['Esc', 'Close this list'],
];

/** `?` anywhere outside a text field opens the list of keyboard shortcuts. */
export function ShortcutsDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '?' || typingIn(e.target)) return;
      const d = dialog.current;
      if (!d) return;
      e.preventDefault();
      if (d.open) d.close();
      else d.showModal();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts" data-testid="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
