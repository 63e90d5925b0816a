; Object-like macros with a value, used to resolve `.name = TARGET_MODULE` or `.id = MY_STATE_ID`.
(preproc_def
  name: (identifier) @name
  value: (preproc_arg) @value)
