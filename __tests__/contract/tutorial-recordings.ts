/**
 * Short excerpts of Wallaroo's own recorded tutorial runs (WallarooLabs/Wallaroo_Tutorials, public) for shapes that
 * ../shared/wallaroo-api-samples does not hold: the 2024.1 release, A/B (`out._model_split`) and shadow replies,
 * users/query and models/get_by_id. Each names its branch, commit and file; emails are redacted as in the samples.
 */

type Json = any

/** Where an excerpt comes from. */
export interface TutorialRecording {
  source: string
  value: Json
}

const REPO = 'WallarooLabs/Wallaroo_Tutorials'

/** models/list on a 2024.1.0 server (recorded 2024-07-11): nested, oldest model first, without the 2025-only keys. */
export const MODELS_LIST_2024_1: TutorialRecording = {
  source: `${REPO}@wallaroo2024.2_tutorials (e23ea7e) development/mlops_api/Wallaroo-MLOps-Tutorial-Model-Management.ipynb, first entry`,
  value: {
    models: [
      {
        model: {
          id: 2,
          name: 'api-sample-model',
          owner_id: '""',
          created_at: '2024-07-11T17:12:08.87071+00:00',
          updated_at: '2024-07-11T17:12:10.251264+00:00',
          workspace_id: 18
        },
        model_versions: [3, 2].map((id) => ({
          model_version: {
            name: 'api-sample-model',
            visibility: 'public',
            workspace_id: 18,
            conversion: { python_version: '3.8', requirements: [], framework: 'onnx' },
            id,
            image_path: null,
            status: 'pending_load_container',
            task_id: '295fb9d8-c5d0-4e91-b1d5-b5be9dbfddc9',
            file_info: {
              version: '47a6a221-0590-4ec9-82c3-1008d8486e8f',
              sha: 'bc85ce596945f876256f41515c7501c399fd97ebcb9ab3dd41bf03f8937b4507',
              file_name: 'ccfraud.onnx',
              size: 1928
            },
            created_on_version: '2024.1.0',
            created_by: '<email>',
            created_at: '2024-07-11T17:12:10.251264+00:00',
            deployed: false
          },
          config: {
            id: id + 1,
            model_version_id: id,
            runtime: 'onnx',
            filter_threshold: null,
            tensor_fields: null,
            input_schema: null,
            output_schema: null,
            batch_config: null,
            sidekick_uri: null
          }
        })),
        workspace: {
          id: 18,
          name: 'sampleapiworkspace-requests',
          created_by: '13486fc4-a1a7-43e2-9233-62177d5f739b',
          archived: false,
          created_at: '2024-07-11T16:59:52.473312+00:00',
          group_id: null
        }
      }
    ]
  }
}

/** models/get_by_id keyed by the model id, its config present right after upload (recorded 2023-11-29, 2023.4). */
export const GET_BY_ID_2023_11: TutorialRecording = {
  source: `${REPO}@wallaroo2024.1_tutorials (5f8644c) development/mlops_api/Wallaroo-MLOps-Tutorial-Model-Management.ipynb`,
  value: {
    id: 15,
    owner_id: '""',
    workspace_id: 10,
    name: 'api-upload-pytorch-multi-io',
    updated_at: '2023-11-29T18:20:39.610964+00:00',
    created_at: '2023-11-29T16:30:53.716526+00:00',
    model_config: { id: 25, runtime: 'flight', tensor_fields: null, filter_threshold: null }
  }
}

/** `out._model_split` of an A/B reply on 2023.x (recorded 2023-05-18): a list of one JSON text `{name, version, sha}`. */
export const MODEL_SPLIT_2023: TutorialRecording = {
  source: `${REPO}@wallaroo-2023.4 (9532f89) wallaroo-testing-tutorials/abtesting/wallaroo-abtesting-tutorial.ipynb`,
  value: { name: 'aloha-control', version: '7e5d3218-f7ad-4f08-9984-e1a459f6bc1c', sha: 'fd998cd5e4964bbbb4f8d29d245a8ac67df81b62be767afbceb96a03d1a01520' }
}

/** The same on a 2024.1.0 server (recorded 2024-04-16): the model version and its config. */
export const MODEL_SPLIT_2024_1: TutorialRecording = {
  source: `${REPO}@wallaroo2024.1_tutorials (5f8644c) wallaroo-optimize/abtesting/wallaroo-abtesting-tutorial.ipynb (pipeline.logs())`,
  value: {
    model_version: {
      name: 'houseprice-control',
      visibility: 'private',
      workspace_id: 30,
      conversion: { arch: 'x86', accel: 'none', python_version: '3.8', requirements: [], framework: 'onnx' },
      id: 45,
      image_path: null,
      status: 'ready',
      task_id: null,
      file_info: {
        version: 'f92c6130-4c73-4a40-9869-5e4d17d30122',
        sha: 'ed6065a79d841f7e96307bb20d5ef22840f15da0b587efb51425c7ad60589d6a',
        file_name: 'gbr_model.onnx'
      },
      created_on_version: '2024.1.0'
    },
    config: {
      id: 71,
      model_version_id: 45,
      runtime: 'onnx',
      filter_threshold: null,
      tensor_fields: ['tensor'],
      input_schema: null,
      output_schema: null,
      batch_config: null,
      sidekick_uri: null
    }
  }
}

/** The same on a 2024.4.0 server, the newest recording (the 2025.2 profile answers in it). */
export const MODEL_SPLIT_2024_4: TutorialRecording = {
  source: `${REPO}@main (78b7904) wallaroo-model-operations-tutorials/infer/inference-log-tutorial/abtesting/abtests-1.json, first record`,
  value: {
    model_version: {
      name: 'logcontrolchallenger01',
      visibility: 'private',
      workspace_id: 10,
      conversion: { arch: 'x86', accel: 'none', python_version: '3.8', requirements: [], framework: 'onnx' },
      id: 8,
      image_path: null,
      status: 'ready',
      task_id: null,
      file_info: {
        version: 'b85ba125-b7d3-42af-9f60-d65dcbb82260',
        sha: '31e92d6ccb27b041a324a7ac22cf95d9d6cc3aa7e8263a229f7c4aec4938657c',
        file_name: 'xgb_model.onnx',
        size: 171121
      },
      created_on_version: '2024.4.0',
      created_by: '<email>',
      created_at: null,
      deployed: false
    },
    config: {
      id: 13,
      model_version_id: 8,
      runtime: 'onnx',
      filter_threshold: null,
      tensor_fields: ['tensor'],
      input_schema: null,
      output_schema: null,
      batch_config: null,
      dynamic_batching_config: null,
      sidekick_uri: null
    }
  }
}

/**
 * A shadow deploy's flattened record (2024): the champion's `out.*`, then `anomaly.count`, then one
 * `out_<challenger>.<output>` per challenger. The key order is the recorded one.
 */
export const SHADOW_FLATTENED_2024: TutorialRecording = {
  source: `${REPO}@main (78b7904) wallaroo-model-operations-tutorials/infer/inference-log-tutorial/shadow/shadowdeploylogs-1.json, first record`,
  value: {
    time: 1738863,
    'in.tensor': [3.0, 2.0, 2005.0, 7000.0, 1.0, 0.0, 0.0, 3.0, 7.0, 1605.0, 400.0, 47.6039009094, -122.297996521, 1750.0, 4500.0, 34.0, 0.0, 0.0],
    'out.variable': [581003.0],
    'anomaly.count': 0,
    'out_logcontrolchallenger01.variable': [573391.125],
    'out_logcontrolchallenger02.variable': [596933.5]
  }
}

/**
 * The shadow deploy tutorial's inference on a 2024.1 server (recorded 2024-04-16): smoke_test through champion
 * `ccfraud-lstm` (ccfraud.onnx) with challengers `ccfraud-xgb` (xgboost_ccfraud.onnx) and `ccfraud-rf` (not
 * available). The SDK asks for `dataset.separator=.` and leaves metadata out; its columns are in this order.
 */
export const SHADOW_SMOKE_2024_04: TutorialRecording = {
  source: `${REPO}@main (78b7904) wallaroo-model-operations-tutorials/management/shadow-deploy/shadow-deployment-tutorial.ipynb (pipeline.infer_from_file)`,
  value: {
    time: 1713304328570,
    'in.tensor': [
      1.0678324729, 0.2177810266, -1.7115145262, 0.682285721, 1.0138553067, -0.4335000013, 0.7395859437, -0.2882839595, -0.447262688, 0.5146124988,
      0.3791316964, 0.5190619748, -0.4904593222, 1.1656456469, -0.9776307444, -0.6322198963, -0.6891477694, 0.1783317857, 0.1397992467, -0.3554220649,
      0.4394217877, 1.4588397512, -0.3886829615, 0.4353492889, 1.7420053483, -0.4434654615, -0.1515747891, -0.2668451725, -1.4549617756
    ],
    'out.dense_1': [0.0014974177],
    'anomaly.count': 0,
    'out_ccfraud-rf.variable': [1.0],
    'out_ccfraud-xgb.variable': [0.0005066991]
  }
}

/**
 * The same tutorial on a 2023.4 server (recorded 2023-10-19; challengers `ccfraud-rfdmyb`, `ccfraud-xgbdmyb`): the
 * SDK's column order, `check_failures` (shown by the SDK as a count) in place of `anomaly.count`.
 */
export const SHADOW_SMOKE_2023_10: TutorialRecording = {
  source: `${REPO}@wallaroo-2023.4 (9532f89) wallaroo-testing-tutorials/shadow_deploy/shadow_deployment_tutorial.ipynb`,
  value: {
    columns: ['time', 'in.tensor', 'out.dense_1', 'check_failures', 'out_ccfraud-rfdmyb.variable', 'out_ccfraud-xgbdmyb.variable'],
    'out.dense_1': [0.0014974177],
    'out_ccfraud-xgbdmyb.variable': [0.0005066991]
  }
}

/** The shadow deploy definition `add_shadow_deploy(champion, [challengers])` writes (same recording, `pipeline.deploy()` output). */
export const SHADOW_STEPS_2024_04 = ['ModelInference', 'AuditResults', 'MultiOut']

/** users/query with `{}` on a 2024 server (recorded 2024-07): every user by Keycloak id; the built-in `admin` has no email. */
export const USERS_QUERY_2024_07: TutorialRecording = {
  source: `${REPO}@main (78b7904) development/mlops-api/Wallaroo-MLOps-Tutorial-User-Management.ipynb (curl output)`,
  value: {
    users: {
      'c54f6f84-e10a-474d-b506-38c8b15f5f54': {
        access: { impersonate: true, manage: true, manageGroupMembership: true, mapRoles: true, view: true },
        createdTimestamp: 1720716959173,
        disableableCredentialTypes: [],
        email: '<email>',
        emailVerified: true,
        enabled: true,
        id: 'c54f6f84-e10a-474d-b506-38c8b15f5f54',
        lastLogin: null,
        notBefore: 0,
        requiredActions: [],
        username: '<email>'
      },
      'bfe3948e-75be-4c19-bfa9-460317eff3e4': {
        access: { impersonate: true, manage: true, manageGroupMembership: true, mapRoles: true, view: true },
        createdTimestamp: 1720710983862,
        disableableCredentialTypes: [],
        emailVerified: false,
        enabled: true,
        id: 'bfe3948e-75be-4c19-bfa9-460317eff3e4',
        lastLogin: 1720711430301,
        notBefore: 0,
        realmRoles: ['admin'],
        requiredActions: [],
        username: 'admin'
      }
    }
  }
}

/** users/query with `{user_ids: [<admin>]}` (same recording): adds `federatedIdentities`, no realm roles, lastLogin null. */
export const USERS_QUERY_BY_ID_2024_07: TutorialRecording = {
  source: USERS_QUERY_2024_07.source,
  value: {
    users: {
      'bfe3948e-75be-4c19-bfa9-460317eff3e4': {
        access: { impersonate: true, manage: true, manageGroupMembership: true, mapRoles: true, view: true },
        createdTimestamp: 1720710983862,
        disableableCredentialTypes: [],
        emailVerified: false,
        enabled: true,
        federatedIdentities: [],
        id: 'bfe3948e-75be-4c19-bfa9-460317eff3e4',
        lastLogin: null,
        notBefore: 0,
        requiredActions: [],
        username: 'admin'
      }
    }
  }
}
