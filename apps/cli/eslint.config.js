import essence from '@essence/eslint-config';

// The CLI's job is to print to the terminal.
export default [...essence, { rules: { 'no-console': 'off' } }];
