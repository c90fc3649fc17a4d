/**
 * Request and response shapes of the Wallaroo MLOps REST API, as recorded in
 * ../shared/wallaroo-api.md (section numbers in comments). Fields marked optional
 * differ between server versions (2023.x vs 2025.2, §12); code must accept both.
 */
export {};
