LOADED_BY = "file"
