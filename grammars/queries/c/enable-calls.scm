; klp_enable_patch(&patch) calls and their argument.
(call_expression
  function: (identifier) @function
  arguments: (argument_list . (_) @argument)
  (#eq? @function "klp_enable_patch")) @call
