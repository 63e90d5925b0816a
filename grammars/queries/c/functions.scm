; Function definitions at any depth (inside #ifdef blocks too): the whole definition and its name.
(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
  ]) @function
