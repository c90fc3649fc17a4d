/**
 * The project's own demo model: same interface as the tutorials' ccfraud.onnx (dense_input [N,29] → dense_1 [N,1]),
 * but built from code so the project ships no third-party model file. Logistic regression: Sigmoid(X·W + B).
 */
import { encodeModel, OnnxDataType } from './onnx-proto.js'
import { mulberry32 } from '../random.js'

/** Name of the demo model's input tensor (as in ccfraud.onnx). */
export const DEMO_INPUT = 'dense_input'
/** Name of the demo model's output tensor (as in ccfraud.onnx). */
export const DEMO_OUTPUT = 'dense_1'
/** Number of features per row. */
export const DEMO_FEATURES = 29
/** Name of the post-processing model's output (see buildPostprocessModel). */
export const POSTPROCESS_OUTPUT = 'score'

// Fixed weights (≈ 0.45·sin(1.7i + 0.3), rounded): mixed signs and sizes so scores spread over (0,1)
// for features of order 1. Changing them changes the model's sha256, which tests pin indirectly.
const WEIGHTS: readonly number[] = [
  0.133, 0.4092, -0.2384, -0.3477, 0.328, 0.2632, -0.3959, -0.1612, 0.4374, 0.0485, -0.4499, 0.0674, 0.4325, -0.1789, -0.3864, 0.2785, 0.3147, -0.3596, -0.222,
  0.4168, 0.1146, -0.4463, 0.0521, 0.4462, -0.1154, -0.4165, 0.2227, 0.3591, -0.3152
]
const BIAS = -0.35

/** Builds the demo model's ONNX bytes; deterministic, so every build has the same sha256. Another `bias` makes a
 *  second model of the same interface with other answers (a challenger, or a "bad" new version in tests). */
export function buildDemoModel(opts: { bias?: number } = {}): Uint8Array {
  return encodeModel({
    graphName: 'ccfraud-like',
    docString: 'Logistic regression with the interface of the Wallaroo tutorials ccfraud model (dense_input → dense_1).',
    inputs: [{ name: DEMO_INPUT, elemType: OnnxDataType.FLOAT, dims: ['batch', DEMO_FEATURES] }],
    outputs: [{ name: DEMO_OUTPUT, elemType: OnnxDataType.FLOAT, dims: ['batch', 1] }],
    initializers: [
      { name: 'W', dims: [DEMO_FEATURES, 1], values: WEIGHTS },
      { name: 'B', dims: [1], values: [opts.bias ?? BIAS] }
    ],
    nodes: [
      { opType: 'Gemm', inputs: [DEMO_INPUT, 'W', 'B'], outputs: ['logit'], attributes: { alpha: { float: 1 }, beta: { float: 1 } } },
      { opType: 'Sigmoid', inputs: ['logit'], outputs: [DEMO_OUTPUT] }
    ]
  })
}

/**
 * Builds a second pipeline step that multiplies the first step's score: `<inputName>` [N,1] → `score` [N,1].
 * With the default input name it chains to the demo model by name; with another name it tests single→single chaining.
 */
export function buildPostprocessModel(opts: { inputName?: string; factor?: number } = {}): Uint8Array {
  const inputName = opts.inputName ?? DEMO_OUTPUT
  return encodeModel({
    graphName: 'score-scaler',
    inputs: [{ name: inputName, elemType: OnnxDataType.FLOAT, dims: ['batch', 1] }],
    outputs: [{ name: POSTPROCESS_OUTPUT, elemType: OnnxDataType.FLOAT, dims: ['batch', 1] }],
    initializers: [{ name: 'factor', dims: [1], values: [opts.factor ?? 100] }],
    nodes: [{ opType: 'Mul', inputs: [inputName, 'factor'], outputs: [POSTPROCESS_OUTPUT] }]
  })
}

/** Deterministic feature rows in [-3, 3] (bell-shaped, std ≈ 1, 6 decimals), `DEMO_FEATURES` values each. */
export function demoRows(n: number, seed = 42): number[][] {
  const random = mulberry32(seed)
  const rows: number[][] = []
  for (let r = 0; r < n; r++) {
    const row: number[] = []
    for (let c = 0; c < DEMO_FEATURES; c++) {
      // Sum of three uniforms ≈ normal, bounded to [-3, 3] like standardized card-transaction features.
      const v = (random() + random() + random() - 1.5) * 2
      row.push(Math.round(v * 1e6) / 1e6)
    }
    rows.push(row)
  }
  return rows
}

/** The demo model's answer for one row in plain JS: float32 inputs and weights, exact sum, float32 result. */
export function demoScore(row: number[], bias = BIAS): number {
  if (row.length !== DEMO_FEATURES) throw new Error(`demoScore expects ${DEMO_FEATURES} features, got ${row.length}`)
  let logit = Math.fround(bias)
  for (let i = 0; i < DEMO_FEATURES; i++) logit += Math.fround(row[i]) * Math.fround(WEIGHTS[i])
  return Math.fround(1 / (1 + Math.exp(-logit)))
}
