# The ioctl ABI rules of uapi/linux/wasmk.h: command numbers, struct sizes,
# flags, reserved and trailing bytes, bad pointers (abi_test.c).
. ./lib.sh
wasmk-abi-test all
