/**
 * The ids of the views and of their internal commands, apart from the views' code: registerViews.ts registers
 * them at activation without loading that code (viewProviders.ts, a bundle of its own).
 */

export const CONTEXT_VIEW_ID = 'customerContext.context';
export const JOURNEYS_VIEW_ID = 'customerContext.journeys';
export const FEEDBACK_VIEW_ID = 'customerContext.feedback';
/** Internal: what a click on a tree node does (not contributed; TreeItem commands need no manifest entry). */
export const NODE_ACTION_COMMAND = 'customerContext.views.nodeAction';

/** The commands of the Feedback tree's context menu (contributed in package.json, hidden from the palette). */
export const VIEW_COMMANDS = {
  openInView: 'customerContext.feedback.openInView',
  openOriginal: 'customerContext.feedback.openOriginal',
  tag: 'customerContext.feedback.tag',
} as const;
