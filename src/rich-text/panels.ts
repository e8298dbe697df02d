/**
 * Panel mappings, kept 1:1 so panels survive round trips through every syntax.
 *
 * Markdown uses GitHub alert syntax (`> [!NOTE]`):
 *   NOTE ↔ info, TIP ↔ success, IMPORTANT ↔ note, WARNING ↔ warning, CAUTION ↔ error
 *   (ADF `tip` renders like `success` and is written as TIP; `custom` is written as NOTE).
 *
 * Jira wiki and Confluence storage use macros whose colours decide the mapping (Confluence's `note` macro is yellow,
 * its `warning` macro red):
 *   {info} ↔ info, {tip} ↔ success, {note} ↔ warning, {warning} ↔ error, {panel} ↔ note
 *   (ADF `tip` is written as {tip}; `custom` as {panel}).
 */

export const ALERT_TO_PANEL: Record<string, string> = {
  NOTE: "info",
  TIP: "success",
  IMPORTANT: "note",
  WARNING: "warning",
  CAUTION: "error",
};

export const PANEL_TO_ALERT: Record<string, string> = {
  info: "NOTE",
  success: "TIP",
  tip: "TIP",
  note: "IMPORTANT",
  warning: "WARNING",
  error: "CAUTION",
  custom: "NOTE",
};

export const MACRO_TO_PANEL: Record<string, string> = {
  info: "info",
  tip: "success",
  note: "warning",
  warning: "error",
  panel: "note",
};

export const PANEL_TO_MACRO: Record<string, string> = {
  info: "info",
  success: "tip",
  tip: "tip",
  warning: "note",
  error: "warning",
  note: "panel",
  custom: "panel",
};

export function panelToAlert(panelType: unknown): string {
  return (typeof panelType === "string" && PANEL_TO_ALERT[panelType]) || "NOTE";
}

export function panelToMacro(panelType: unknown): string {
  return (typeof panelType === "string" && PANEL_TO_MACRO[panelType]) || "info";
}
