; kpatch (KPATCH_*) and klp-build (KLP_*) callback macros. tree-sitter reads `MACRO(fn);` at file scope
; as a call, a declaration (`MACRO(fn)` with no semicolon before another macro) or an ERROR, so the
; macro's name is matched wherever it lands and its argument is read from the text after it.
((identifier) @macro
  (#match? @macro "^(KPATCH|KLP)_(PRE|POST)_(UN)?PATCH_CALLBACK$"))

((type_identifier) @macro
  (#match? @macro "^(KPATCH|KLP)_(PRE|POST)_(UN)?PATCH_CALLBACK$"))
