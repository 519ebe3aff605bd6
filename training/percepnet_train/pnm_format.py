"""The model file's codes (models/FORMAT.md), named once for the writer, the NumPy reader and import_pnm."""
MAGIC = b"PNETMDL1"
WEIGHTS_INT8, WEIGHTS_FLOAT32 = 1, 2  # weightType
KIND_CONV1D, KIND_GRU, KIND_DENSE, KIND_DENSE_OF_OUTPUTS = 1, 2, 3, 4  # layer kind
ACT_LINEAR, ACT_RELU, ACT_TANH, ACT_SIGMOID = 0, 1, 2, 3  # activation
