export {};
//# sourceMappingURL=openapi-types.js.map
