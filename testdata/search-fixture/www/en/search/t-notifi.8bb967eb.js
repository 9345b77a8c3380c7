SHSearch.shard("en","notifi",{"f":{"notification":"notif"},"t":{}});
