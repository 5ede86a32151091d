package io.roomgate.cluster;

/**
 * The Lua scripts behind cluster-wide presence. Each touches one room's keys only ({@link Keys#presence}:
 * conns, users, names, admins, node, total), so it is atomic per room and one slot under Redis Cluster.
 * conns: user → connections on every node; users: the users, score 0, so ZRANGEBYLEX pages them in
 * UTF-8 byte order (= code-point order, PROTOCOL §2.0); names: user → username; admins: users with an
 * admin connection; node: user → connections of one node (what a sweep of that node takes back);
 * total: connections in the room.
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * ARGV userId, delta, username, admin (1/0), most connections the room may hold (0: no bound).
     * Returns {presence changed (1/0, -1: refused, the room is full), users, connections}.
     */
    static final String ADJUST = """
            local user, delta, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[5])
            if delta > 0 and limit > 0 and tonumber(redis.call('GET', KEYS[6]) or '0') >= limit then
              return {-1, redis.call('ZCARD', KEYS[2]), limit}
            end
            local before = tonumber(redis.call('HGET', KEYS[1], user) or '0')
            local after = before + delta
            local changed = 0
            if after <= 0 then
              redis.call('HDEL', KEYS[1], user)
              redis.call('ZREM', KEYS[2], user)
              redis.call('HDEL', KEYS[3], user)
              redis.call('SREM', KEYS[4], user)
              if before > 0 then changed = 1 end
            else
              redis.call('HSET', KEYS[1], user, after)
              if before <= 0 then
                redis.call('ZADD', KEYS[2], 0, user)
                redis.call('HSET', KEYS[3], user, ARGV[3])
                changed = 1
              end
              if ARGV[4] == '1' then redis.call('SADD', KEYS[4], user) end
            end
            if redis.call('HINCRBY', KEYS[5], user, delta) <= 0 then redis.call('HDEL', KEYS[5], user) end
            local total = redis.call('INCRBY', KEYS[6], delta)
            if total <= 0 then redis.call('DEL', KEYS[6]); total = 0 end
            return {changed, redis.call('ZCARD', KEYS[2]), total}
            """;

    /**
     * Replaces one node's contribution to the room by ARGV's (userId, connections, username, admin)
     * quadruples; none: takes it all back (a sweep). Returns {users who joined, users who left}.
     */
    static final String REPLACE = """
            local had = {}
            local old = redis.call('HGETALL', KEYS[5])
            for i = 1, #old, 2 do had[old[i]] = tonumber(old[i + 1]) end
            local wanted = {}
            for i = 1, #ARGV, 4 do wanted[ARGV[i]] = true end
            local joined, left = {}, {}
            local function apply(user, delta, name, admin)
              if delta == 0 then return end
              local before = tonumber(redis.call('HGET', KEYS[1], user) or '0')
              local after = before + delta
              if redis.call('INCRBY', KEYS[6], delta) <= 0 then redis.call('DEL', KEYS[6]) end
              if after <= 0 then
                redis.call('HDEL', KEYS[1], user)
                redis.call('ZREM', KEYS[2], user)
                redis.call('HDEL', KEYS[3], user)
                redis.call('SREM', KEYS[4], user)
                if before > 0 then table.insert(left, user) end
              else
                redis.call('HSET', KEYS[1], user, after)
                if before <= 0 then
                  redis.call('ZADD', KEYS[2], 0, user)
                  redis.call('HSET', KEYS[3], user, name)
                  table.insert(joined, user)
                end
                if admin == '1' then redis.call('SADD', KEYS[4], user) end
              end
            end
            for user, count in pairs(had) do
              if not wanted[user] then apply(user, -count) end
            end
            redis.call('DEL', KEYS[5])
            for i = 1, #ARGV, 4 do
              local count = tonumber(ARGV[i + 1])
              apply(ARGV[i], count - (had[ARGV[i]] or 0), ARGV[i + 2], ARGV[i + 3])
              redis.call('HSET', KEYS[5], ARGV[i], count)
            end
            return {joined, left}
            """;

    /** KEYS users, names; ARGV lower bound ('-' or '(after'), limit. Returns {count, userIds (limit + 1 at most), names}. */
    static final String PAGE = """
            local ids = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]) + 1)
            local names = {}
            if #ids > 0 then names = redis.call('HMGET', KEYS[2], unpack(ids)) end
            return {redis.call('ZCARD', KEYS[1]), ids, names}
            """;

    /**
     * KEYS the user's node → connections hash, the node's set of users; ARGV node, most connections,
     * the user's scope. Returns 1 when counted, 0 at the limit. The set says which users a dead
     * node's sweep must uncount; kept here, it costs no round trip of its own.
     */
    static final String CLAIM = """
            local total = 0
            for _, count in ipairs(redis.call('HVALS', KEYS[1])) do total = total + tonumber(count) end
            if total >= tonumber(ARGV[2]) then return 0 end
            if redis.call('HINCRBY', KEYS[1], ARGV[1], 1) == 1 then redis.call('SADD', KEYS[2], ARGV[3]) end
            return 1
            """;

    /** KEYS and ARGV as {@link #CLAIM}'s, without the limit. Returns the node's connections of the user left. */
    static final String RELEASE = """
            local left = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if left <= 0 then
              redis.call('HDEL', KEYS[1], ARGV[1])
              redis.call('SREM', KEYS[2], ARGV[2])
              left = 0
            end
            return left
            """;

    /**
     * PROTOCOL §8, one room's history: KEYS the stream (entry id {@code 0-<offset>}, field {@code p} the
     * payload) and its meta hash (e: epoch, o: latest offset, b: bytes kept). A room without meta gets
     * ARGV[1] as its new epoch and loses whatever stream it had: its history is gone.
     */
    private static final String OPEN = """
            local epoch = redis.call('HGET', KEYS[2], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[2], 'e', epoch, 'o', 0, 'b', 0)
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
            end
            """;

    /**
     * ARGV new epoch, ttl millis, payload without offset, most messages, most bytes, channel, envelope.
     * Assigns the next offset, appends, drops the oldest past either bound, restarts the ttl and
     * publishes {@code #<offset> <epoch>\n<envelope>\n<payload>} ({@link EventCodec}). Returns {epoch, offset}.
     */
    static final String KEEP = OPEN + """
            local offset = redis.call('HINCRBY', KEYS[2], 'o', 1)
            local payload = string.sub(ARGV[3], 1, -2) .. ',"offset":' .. offset .. '}'
            redis.call('XADD', KEYS[1], '0-' .. offset, 'p', payload)
            local bytes = redis.call('HINCRBY', KEYS[2], 'b', #payload)
            local size, most = tonumber(ARGV[4]), tonumber(ARGV[5])
            local length = redis.call('XLEN', KEYS[1])
            while length > 0 and (length > size or bytes > most) do
              local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
              redis.call('XDEL', KEYS[1], oldest[1])
              bytes = redis.call('HINCRBY', KEYS[2], 'b', -#oldest[2][2])
              length = length - 1
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('PUBLISH', ARGV[6], '#' .. offset .. ' ' .. epoch .. '\\n' .. ARGV[7] .. '\\n' .. payload)
            return {epoch, offset}
            """;

    /**
     * ARGV new epoch, ttl millis, after, limit. Returns {epoch, latest offset, oldest kept offset,
     * the first limit entries after the offset as XRANGE gives them}.
     */
    static final String HISTORY = OPEN + """
            local latest = tonumber(redis.call('HGET', KEYS[2], 'o'))
            local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
            local oldest = latest + 1
            if #first > 0 then oldest = tonumber(string.sub(first[1][1], 3)) end
            local after, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
            local entries = {}
            if limit > 0 and after < latest then
              entries = redis.call('XRANGE', KEYS[1], '0-' .. (after + 1), '+', 'COUNT', limit)
            end
            return {epoch, latest, oldest, entries}
            """;
}
