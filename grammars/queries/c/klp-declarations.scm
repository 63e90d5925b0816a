; Variables of the livepatch struct types (file scope or local), and kpatch's patch_object typedef:
; the declaration and each of its declarators. Matched at any depth (functions, ERROR recoveries).
(declaration
  type: (struct_specifier
    name: (type_identifier) @type)
  declarator: (_) @declarator
  (#match? @type "^klp_(patch|object|callbacks|func|state)$")) @declaration

(declaration
  type: (type_identifier) @type
  declarator: (_) @declarator
  (#eq? @type "patch_object")) @declaration
