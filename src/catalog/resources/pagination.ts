import type { Pagination } from "../types.js";

/** Paging presets named after Atlassian's styles; page-size caps are Atlassian's documented ones. */
export const offset = (itemsPath = "values", maxPageSize = 100, defaultPageSize = 50): Pagination => ({
  style: "offset",
  itemsPath,
  maxPageSize,
  defaultPageSize,
});
export const offsetArray = (maxPageSize = 1000, defaultPageSize = 50): Pagination => ({
  style: "offset-array",
  itemsPath: "",
  maxPageSize,
  defaultPageSize,
});
export const token = (itemsPath: string, maxPageSize = 100, defaultPageSize = 20): Pagination => ({
  style: "token",
  itemsPath,
  maxPageSize,
  defaultPageSize,
});
export const cursorLinks = (maxPageSize = 250, defaultPageSize = 25): Pagination => ({
  style: "cursor-links",
  itemsPath: "results",
  maxPageSize,
  defaultPageSize,
});
export const cursor = (itemsPath = "values", maxPageSize = 50, defaultPageSize = 50): Pagination => ({
  style: "cursor",
  itemsPath,
  maxPageSize,
  defaultPageSize,
});
export const audit = (): Pagination => ({
  style: "audit",
  itemsPath: "records",
  maxPageSize: 1000,
  defaultPageSize: 50,
});
export const whole = (itemsPath = "", defaultPageSize = 50, maxPageSize = 1000): Pagination => ({
  style: "none",
  itemsPath,
  maxPageSize,
  defaultPageSize,
});
