; module_init(fn) / module_exit(fn), in whatever shape tree-sitter gives a file-scope macro use.
((identifier) @hook
  (#match? @hook "^module_(init|exit)$"))

((type_identifier) @hook
  (#match? @hook "^module_(init|exit)$"))
