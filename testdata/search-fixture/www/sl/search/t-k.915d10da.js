SHSearch.shard("sl","k",{"f":{"krsitev":"krsitev"},"t":{"krsitev":[1,[0,414]]}});
