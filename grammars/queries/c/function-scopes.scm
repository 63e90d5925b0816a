; Every function definition, whatever its declarator: the scopes that assignments and declarations belong to.
(function_definition) @scope
