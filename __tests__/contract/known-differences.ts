/**
 * Every place where the emulator knowingly answers differently from a recording in
 * ../shared/wallaroo-api-samples, keyed `<sample file>#<JSON pointer into that file>`.
 * The contract tests skip exactly these places (and nothing else); docs/emulator.md
 * lists the same entries, which `coverage.test.ts` checks.
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {
  // ---- model conversion status: the emulator's own (documented, INFERRED) progression ----
  'models_get_version_by_id.json#/response/model_version/model_version/status':
    "recorded mid-conversion as 'attempting_load_container' (a 2025.2 server converting ONNX in a container); the emulator loads ONNX natively: pending_load_native → attempting_load_native → ready (wallaroo-api.md §6.2 INFERRED)",
  'models_list.json#/response_2025_2_one_entry/models/0/model_versions/0/model_version/status':
    "same as models_get_version_by_id status: the emulator's ONNX path never shows 'attempting_load_container'",
  'models_list.json#/response_2025_2_one_entry/models/0/model_versions/1/model_version/status':
    "same as models_get_version_by_id status: the emulator's ONNX path never shows 'attempting_load_container'",
  'models_list_versions.json#/response/1/status': "same as models_get_version_by_id status: the emulator's ONNX path never shows 'attempting_load_container'",
  'models_list_versions.json#/response/2/status': "same as models_get_version_by_id status: the emulator's ONNX path never shows 'attempting_load_container'",
  'models_list_versions.json#/response/3/status': "same as models_get_version_by_id status: the emulator's ONNX path never shows 'attempting_load_container'",

  // ---- tokens ----
  'auth_token.json#/decoded_access_token_claims_sdk_client_2023/https:~1~1hasura.io~1jwt~1claims/x-hasura-default-role':
    "the emulator's single user is an admin ('admin_user', as in the 2026 recording); the 2023 recording's user was a plain 'user'",
  'auth_token.json#/decoded_access_token_claims_sdk_client_2023/https:~1~1hasura.io~1jwt~1claims/x-hasura-allowed-roles':
    "the emulator's single user is an admin (allowed roles ['user', 'admin_user'], as in the 2026 recording)",
  'auth_token.json#/decoded_access_token_claims_sdk_client_2023/https:~1~1hasura.io~1jwt~1claims/x-hasura-user-email':
    'the emulator always puts the email into the Hasura claims, as the 2026 recording shows; the 2023 token had none',

  // ---- recordings of files or platform states the emulator cannot reproduce ----
  'models_list.json#/ready_version_with_arch_accel/model_version/created_on_version':
    "recorded on a 2025.1.2 server; the emulator's 2025.2 profile stamps every version '2025.2.1'",
  'models_list.json#/ready_version_with_arch_accel/model_version/file_info/size':
    'the recording is of yolov8n.onnx (12.8 MB), which is not available; the test uploads ccfraud.onnx under that name',
  'models_get_version_by_id.json#/error_status_example':
    'a BYOP (framework custom) zip whose conversion fails on a missing requirements.txt: the emulator does not unpack or build containerized models, so this error never happens',
  'status_get_deployment.json#/sdk_unit_test_fixtures_NOT_recorded/STARTING':
    'SDK unit-test fixture, not a live capture: the emulator shows a Pending engine and its engine-lb while Starting (like the recorded containerized Starting sample) instead of empty lists',
  'status_get_deployment.json#/sdk_unit_test_fixtures_NOT_recorded/DEPLOYED':
    "SDK unit-test fixture, not a live capture: the emulator never reports the 'Deployed' status",
  'status_get_deployment.json#/sdk_unit_test_fixtures_NOT_recorded/ERROR/engines/0/details':
    'SDK unit-test fixture omits pod `details`; the emulator always sends it ([] here), as every live recording does',
  'status_get_deployment.json#/sdk_unit_test_fixtures_NOT_recorded/ERROR/engine_lbs/0/details':
    'SDK unit-test fixture omits pod `details`; the emulator always sends it, as every live recording does',
  'status_get_deployment.json#/sdk_unit_test_fixtures_NOT_recorded/ERROR/sidekicks':
    'SDK unit-test fixture omits `sidekicks`; the emulator always sends it ([] for native models), as every live recording does',
  'inference_pandas_records.json#/nested_2025_anomaly/response_record/in':
    "recorded with the 'aloha' text model (text_input, 17 outputs), which is not available; the envelope is compared with a ccfraud answer",
  'inference_pandas_records.json#/nested_2025_anomaly/response_record/out':
    "recorded with the 'aloha' text model (text_input, 17 outputs), which is not available; the envelope is compared with a ccfraud answer",
  'inference_errors.json#/409':
    'OpenAI-extension mismatch: the emulator runs no LLM/OpenAI endpoints, so this engine error is reachable only through /_emulator/faults',
  'inference_errors.json#/500': 'internal engine failure: not reachable in the emulator except through /_emulator/faults',
  'models_config.json#/get_config_by_id/older_2023_response_when_no_config':
    'a 2023-05 docs sample; every recorded release from 2023.4 to 2025.2 shows a model config right after upload (wallaroo-api.md §12), so every profile answers with it',
  'models_upload_legacy.json#/get_by_id/response/model_config':
    'recorded 2023-05 (2023.1) before configs were created at upload; get_by_id on 2023.4 and later answers the config right after upload (§12)',
  'mlops_errors.json#/recorded_500_upload': 'insufficient cluster memory for an upload: not reachable in the emulator except through /_emulator/faults'
}
