/** The local-folder form's preview of the exact input tokens, computed in a short-lived worker. */
export { previewTokens, type TokenPreview } from '../client/tokenPreview';
