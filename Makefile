# kubec: one library (common/ -> libkube.a), one archive per daemon, one binary per daemon.
# `make SAN=1` builds the ASan+UBSan copy into build-san/ and bin-san/.

# `make` alone builds every binary and unit test (the rules generated below come first).
.DEFAULT_GOAL := all

CC      ?= cc
SAN     ?=
ifeq ($(SAN),1)
BUILD   ?= build-san
BIN     ?= bin-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT     := -O1
else
BUILD   ?= build
BIN     ?= bin
SANFLAGS :=
OPT     := -O2
endif

CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g $(OPT) $(SANFLAGS) -Icommon -MMD -MP
LDFLAGS += $(SANFLAGS)
LIBS    := -ljansson -levent_openssl -levent -lcurl -lssl -lcrypto -lyaml -lm

COMMON_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard common/*.c))
LIBKUBE    := $(BUILD)/libkube.a

# Each daemon: every .c in its directory but main.c goes into an archive the unit tests link.
# A daemon directory joins the build once it has a main.c.
DAEMONS := $(foreach d,apiserver scheduler controller-manager,$(if $(wildcard $(d)/main.c),$(d)))
apiserver_BIN := kube-apiserver
scheduler_BIN := kube-scheduler
controller-manager_BIN := kube-controller-manager

define daemon_rules
$(1)_OBJ := $$(patsubst %.c,$(BUILD)/%.o,$$(filter-out $(1)/main.c,$$(wildcard $(1)/*.c)))
$(BUILD)/lib$(1).a: $$($(1)_OBJ)
	@mkdir -p $$(@D)
	rm -f $$@ && $$(AR) rcs $$@ $$^
$(BIN)/$$($(1)_BIN): $(BUILD)/$(1)/main.o $(BUILD)/lib$(1).a $(LIBKUBE)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS)
BINS += $(BIN)/$$($(1)_BIN)
endef
$(foreach d,$(DAEMONS),$(eval $(call daemon_rules,$(d))))

# Test tools: bin/hollow-node stands in for kubelets (tests and benchmarks).
$(BIN)/hollow-node: $(BUILD)/test/hollow/main.o $(LIBKUBE)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)
BINS += $(BIN)/hollow-node

# Unit tests: test/unit/<dir>/test_x.c links <dir>'s archive (if a daemon) and libkube.
UNIT_SRC  := $(wildcard test/unit/*/test_*.c)
UNIT_BINS := $(patsubst test/unit/%.c,$(BUILD)/test/%,$(UNIT_SRC))

.PHONY: all test unit e2e up down bench deps clean format san
all: $(BINS) $(UNIT_BINS)

$(LIBKUBE): $(COMMON_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/test/common/%: $(BUILD)/test/unit/common/%.o $(LIBKUBE)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcmocka
$(foreach d,$(DAEMONS),$(eval $(BUILD)/test/$(d)/%: $(BUILD)/test/unit/$(d)/%.o $(BUILD)/lib$(d).a $(LIBKUBE) ; @mkdir -p $$(@D) && $$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS) -lcmocka))

san:
	$(MAKE) -j2 SAN=1 all

deps:
	@deploy/deps.sh

test: deps
	$(MAKE) -j2 all
	$(MAKE) -j2 SAN=1 all
	test/run.sh

unit: all
	test/run.sh --unit-only

# make up HOLLOW=3: also three stand-in nodes (bin/hollow-node) until the kubelet exists.
up: deps all
	deploy/local-up.sh $(if $(HOLLOW),--hollow-nodes $(HOLLOW))

down:
	deploy/local-up.sh --down

bench: deps all
	bench/run.sh

format:
	clang-format -i $(wildcard */*.c */*.h test/unit/*.c)

clean:
	rm -rf build build-san bin bin-san

-include $(shell find build build-san -name '*.d' 2>/dev/null)
