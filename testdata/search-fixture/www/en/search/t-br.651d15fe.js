SHSearch.shard("en","br",{"f":{"breach":"breach","breaches":"breach"},"t":{"breach":[6,[2,355,1,96,1,212,2,204,4,231,1,231]]}});
