2
--shard 3/2 examples
