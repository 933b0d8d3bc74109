-- Neovim's built-in LSP client against `okr lsp`, headless (tests/cli/lsp_editors.rs).
-- Sets up editors/neovim/okr.lua (under OKR_REPO), opens a file of the
-- examples (OKR_DIR, a copy), breaks one alignment in the
-- buffer, and asserts the diagnostics, a completion and a hover it receives.
-- Exits 0 when every check holds, 1 (with the reason on stderr) otherwise.
-- Written for Neovim 0.7 (Debian's), whose API is `vim.lsp.start_client`.

local okr = os.getenv('OKR_BIN')
local dir = os.getenv('OKR_DIR')

local function fail(why)
  io.stderr:write('nvim_lsp.lua: ' .. why .. '\n')
  vim.cmd('cquit 1')
end

local function check(ok, why)
  if not ok then fail(why) end
  return ok
end

-- The configuration okr ships (editors/neovim/okr.lua), as a user sets it up.
dofile(os.getenv('OKR_REPO') .. '/editors/neovim/okr.lua').setup({ cmd = { okr, 'lsp', '--stdio' } })

vim.cmd('edit ' .. dir .. '/teams/platform/2026-Q3.okr.yaml')
local buffer = vim.api.nvim_get_current_buf()
-- The client counts as attached once initialized.
vim.wait(20000, function() return next(vim.lsp.buf_get_clients(buffer)) ~= nil end, 50)
local client_id = next(vim.lsp.buf_get_clients(buffer))
if not check(client_id, 'no client attached to the buffer') then return end

-- Line 18 (0-based 17) aligns to company/ship-faster/lead-time: misspell it.
vim.api.nvim_buf_set_lines(buffer, 17, 18, false, { '    aligns_to: company/ship-fastr/lead-time' })
local got = vim.wait(20000, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
if not check(got, 'no diagnostics arrived') then return end
local diagnostic = vim.diagnostic.get(buffer)[1]
if not check(diagnostic.lnum == 17 and diagnostic.col == 15, 'the diagnostic is at ' .. diagnostic.lnum .. ':' .. diagnostic.col) then return end
if not check(diagnostic.message:find('resolves to nothing', 1, true), 'message: ' .. diagnostic.message) then return end
if not check(diagnostic.severity == vim.diagnostic.severity.ERROR, 'not an error') then return end

-- Completion while typing a reference.
vim.api.nvim_buf_set_lines(buffer, 17, 18, false, { '    aligns_to: company/ship' })
vim.wait(200)
local params = { textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = 17, character = 27 } }
local answers = vim.lsp.buf_request_sync(buffer, 'textDocument/completion', params, 20000)
if not check(answers and answers[client_id] and answers[client_id].result, 'no completion') then return end
local labels = {}
for _, item in ipairs(answers[client_id].result.items) do
  labels[item.label] = true
end
if not check(labels['company/ship-faster/lead-time'], 'company/ship-faster/lead-time not offered') then return end

-- Hover on the reference, fixed again.
vim.api.nvim_buf_set_lines(buffer, 17, 18, false, { '    aligns_to: company/ship-faster/lead-time' })
vim.wait(200)
params.position = { line = 17, character = 20 }
answers = vim.lsp.buf_request_sync(buffer, 'textDocument/hover', params, 20000)
if not check(answers and answers[client_id] and answers[client_id].result, 'no hover') then return end
local words = answers[client_id].result.contents.value
if not check(words:find('Median lead time from merge to production', 1, true), 'hover: ' .. words) then return end
local cleared = vim.wait(20000, function() return #vim.diagnostic.get(buffer) == 0 end, 50)
if not check(cleared, 'the diagnostic did not go once fixed') then return end

vim.lsp.stop_client(client_id)
io.stdout:write('nvim_lsp.lua: diagnostics, completion and hover received\n')
vim.cmd('qall!')
