import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.js';
import simulator from './eslint/simulator-boundary.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only src/cli/ may exit the process.' }],
    },
  },
  // Every folder of src/ has a layer, model lowest, cli highest: no import from a layer above (eslint/layers.js).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    plugins: { layers },
    rules: { 'layers/no-upward-import': 'error' },
  },
  // The simulator is a package entry of its own (market-feed/simulator) that imports only the model;
  // the library imports it only from src/cli/, through its entry (eslint/simulator-boundary.js).
  {
    files: ['simulator/**/*.ts', 'src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/__fixtures__/**'],
    plugins: { simulator },
    rules: { 'simulator/imports-model-only': 'error', 'simulator/entry-only': 'error' },
  },
  // One Kafka module: only src/kafka/ makes clients (other folders may name kafkajs's types).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/kafka/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              allowTypeImports: true,
              message: 'Kafka clients are made in src/kafka/ (kafka-client.ts, create-producer.ts, choose-partition-reader.ts).',
            },
            { name: '@confluentinc/kafka-javascript', message: 'The optional package is loaded by src/kafka/native-kafka.ts only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/**/*.ts', 'simulator/**/*.ts'],
    ignores: ['src/cli/**', 'src/**/*.spec.ts', 'simulator/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only src/cli/ reads the environment; pass configuration in.',
        },
      ],
    },
  },
  {
    files: ['src/operators/**/*.ts'],
    ignores: ['src/operators/**/*.spec.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Operators take time from the RxJS scheduler only.' },
        { name: 'setInterval', message: 'Operators take time from the RxJS scheduler only.' },
        { name: 'Promise', message: 'Operators stay in Observables.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Operators take time from the RxJS scheduler only (scheduler.now()).',
        },
      ],
    },
  },
  // The lint rules of this project, its configuration files and the broker's readiness probe (plain JavaScript,
  // loaded by ESLint, Node or vitest as they are: no type information, outside the TypeScript program).
  { files: ['*.js', 'eslint/*.js', 'scripts/kafka/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The dashboard page: plain browser scripts served as they are (no type information).
  { files: ['src/dashboard/public/**/*.js'], ...tseslint.configs.disableTypeChecked },
);
