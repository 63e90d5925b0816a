-- Drives Neovim (0.7+) against klp-callbacks-ls as a user would: diagnostics, hover, definition and a
-- quick fix applied. Reads KLP_LS (the server launcher), KLP_FILE (the C file) and writes KLP_OUT (JSON).
local results = { steps = {} }
local out = os.getenv('KLP_OUT')

local function finish()
  local file = io.open(out, 'w')
  file:write(vim.fn.json_encode(results))
  file:close()
  vim.cmd('qall!')
end

local function step(name)
  table.insert(results.steps, name)
end

-- The buffer's klp-callbacks diagnostics, as plain data (0.7 keeps the LSP code in user_data).
local function diagnostics(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(found, { line = d.lnum, code = code, message = d.message, source = d.source })
  end
  return found
end

local function has_code(bufnr, code)
  for _, d in ipairs(diagnostics(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

-- The first position of `needle` in the buffer (0-based line and byte column; the fixture is ASCII).
local function position_of(bufnr, needle, into)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local column = line:find(needle, 1, true)
    if column then return { line = index - 1, character = column - 1 + (into or 0) } end
  end
  error('not found: ' .. needle)
end

-- One request to our client, synchronously; returns its result.
local function request(client_id, bufnr, method, params)
  local answers, err = vim.lsp.buf_request_sync(bufnr, method, params, 20000)
  if not answers then error(method .. ': ' .. tostring(err)) end
  local answer = answers[client_id]
  if not answer then error(method .. ': no answer from klp-callbacks-ls') end
  if answer.err then error(method .. ': ' .. vim.inspect(answer.err)) end
  return answer.result
end

local function run()
  local file = os.getenv('KLP_FILE')
  local client_id = vim.lsp.start_client({
    name = 'klp-callbacks',
    cmd = { os.getenv('KLP_NODE') or 'node', os.getenv('KLP_LS'), '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  if not client_id then error('vim.lsp.start_client failed') end
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  step('attached')

  if not vim.wait(30000, function() return has_code(bufnr, 'asymmetric-pair') end, 50) then
    error('no asymmetric-pair diagnostic within 30 s; seen: ' .. vim.inspect(diagnostics(bufnr)))
  end
  results.diagnostics = diagnostics(bufnr)
  step('diagnostics')

  local uri = vim.uri_from_bufnr(bufnr)
  local at_registration = position_of(bufnr, '.post_patch = ring_post_patch', 16)
  local hover = request(client_id, bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = at_registration })
  results.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL
  step('hover')

  local definition = request(client_id, bufnr, 'textDocument/definition', { textDocument = { uri = uri }, position = at_registration })
  if definition and definition.uri then definition = { definition } end
  results.definition = definition or {}
  step('definition')

  local line = at_registration.line
  local actions = request(client_id, bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = at_registration, ['end'] = at_registration },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line) },
  })
  results.actions = {}
  local chosen
  for _, action in ipairs(actions or {}) do
    table.insert(results.actions, action.title)
    if not chosen and action.isPreferred and action.edit then chosen = action end
  end
  if not chosen then error('no preferred quick fix among ' .. vim.inspect(results.actions)) end
  results.applied = chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  step('quick fix applied')

  if not vim.wait(30000, function() return not has_code(bufnr, 'asymmetric-pair') end, 50) then
    error('the asymmetric-pair diagnostic stayed after the fix; seen: ' .. vim.inspect(diagnostics(bufnr)))
  end
  results.after = diagnostics(bufnr)
  results.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  step('diagnostics after the fix')
  vim.lsp.stop_client(client_id)
end

local ok, err = pcall(run)
if not ok then results.error = tostring(err) end
finish()
