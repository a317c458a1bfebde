/** English, the source language: every key exists here first. */
export const en = {
  language: {
    menu: 'Language',
  },
};
