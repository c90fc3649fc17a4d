// ESLint (flat config): typescript-eslint's recommended rules with type information for src/, scripts and tests;
// formatting is Prettier's job (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'lib/**', 'emulator/dist/**', 'node_modules/**', 'coverage/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // Unused names are errors, except the `_`-prefixed ones kept on purpose (destructuring that drops a field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Equality with a type conversion hides bugs in the parsing code this project is made of.
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
      'no-var': 'error'
    }
  },
  {
    // Tests read loosely typed JSON (emulator state dumps) and use non-null assertions after their own checks.
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' }
  },
  {
    // CommonJS on purpose: a Jest test environment module.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  prettier
)
