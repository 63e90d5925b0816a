; Assignments that can wire callbacks or objects at run time (`objs[0].callbacks.pre_patch = fn;`,
; `obj->callbacks = cbs;`, `patch.replace = replace;`, `obj = &objs[1];`), and pointers stepped with ++/+=.
(assignment_expression
  left: [(field_expression) (subscript_expression) (identifier)] @left
  right: (_) @right) @assignment

(update_expression
  argument: (identifier) @stepped)
