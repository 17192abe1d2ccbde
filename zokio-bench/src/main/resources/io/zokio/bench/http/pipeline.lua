-- wrk script: HTTP/1.1 pipelining. Each write carries `depth` copies of the request that wrk builds from the
-- URL (depth is the first argument after `--`, default 16); wrk counts every response that comes back.
local batch

function init(args)
  local depth = tonumber(args[1]) or 16
  local copies = {}
  for i = 1, depth do
    copies[i] = wrk.format()
  end
  batch = table.concat(copies)
end

function request()
  return batch
end
