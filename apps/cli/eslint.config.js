export { default } from '@essence/eslint-config';
