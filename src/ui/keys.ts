/** Whether a key press goes into a text field (or a select), where single-letter shortcuts must not fire. */
export const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
