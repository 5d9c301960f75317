// SPDX-License-Identifier: GPL-2.0
/*
 * Event rings: a handler appends records with the host function emit()
 * (helpers.c), userspace reads them from an event fd (EVENTS_OPEN).
 *
 * One ring per program, shared by all CPUs, so records come out in the
 * order they were written and the reader reads one stream.  Producers run
 * in any context (softirq, hardirq, kprobe, NMI) with preemption off:
 *   - the ring is allocated at PROG_LOAD, never in the hook;
 *   - producers serialize on a raw spinlock, held with interrupts off for
 *     one copy of at most WASMK_EVENT_MAX bytes.  It can't deadlock: the
 *     only path to emit() is a run (a run entry or wasmk_rt_run()), whose guard
 *     never lets the program run twice on one CPU, so the lock's holder is
 *     always on another CPU.  A per-CPU nesting count backs that up: an
 *     emit interrupting an emit on the same CPU (an NMI, or a kprobe's int3,
 *     which the kernel enters as an NMI) drops instead of spinning.  A
 *     record that does not fit is dropped; drops are counted and emit()
 *     returns -1;
 *   - a record (header and payload) is copied in whole before head moves
 *     past it (store-release), so a reader never sees half a record;
 *   - the reader is woken through irq_work, as perf and the BPF ring
 *     buffer do: waking a waitqueue takes its spinlock, which an NMI must
 *     not; the irq_work runs in hardirq context soon after.
 * The single reader (one at a time: EBUSY for a second) copies records out
 * without the producers' lock: it only reads [tail, head) and producers
 * only write [head, tail + size).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "engine.h"
#include "wasmk.h"

#define RING_MIN	4096u
#define RING_MAX	(64u << 20)

static unsigned int event_ring_size = 256 * 1024;
module_param(event_ring_size, uint, 0644);
MODULE_PARM_DESC(event_ring_size,
		 "Bytes of a program's event ring, read at PROG_LOAD (power of two, 4 KiB..64 MiB; default 256 KiB)");

struct wasmk_events {
	raw_spinlock_t lock;	/* producers only */
	u64 head;		/* next byte to write; release by producers */
	u64 tail;		/* next byte to read; release by the reader */
	u64 emitted;		/* under lock */
	atomic64_t dropped;
	u32 size;		/* power of two */
	u8 *data;
	bool dead;		/* the program was unloaded: EOF once drained */
	atomic_t has_reader;
	struct mutex read_lock;	/* read() calls on the one fd */
	wait_queue_head_t wq;
	struct irq_work wake;
};

static void ring_write(struct wasmk_events *ev, u64 pos, const void *src, u32 len)
{
	u32 off = pos & (ev->size - 1), n = min(len, ev->size - off);

	memcpy(ev->data + off, src, n);
	memcpy(ev->data, src + n, len - n);
}

static void ring_read(struct wasmk_events *ev, u64 pos, void *dst, u32 len)
{
	u32 off = pos & (ev->size - 1), n = min(len, ev->size - off);

	memcpy(dst, ev->data + off, n);
	memcpy(dst + n, ev->data, len - n);
}

static int ring_copy_to_user(struct wasmk_events *ev, u64 pos, char __user *dst, u32 len)
{
	u32 off = pos & (ev->size - 1), n = min(len, ev->size - off);

	if (copy_to_user(dst, ev->data + off, n) || copy_to_user(dst + n, ev->data, len - n))
		return -EFAULT;
	return 0;
}

/* Ring locks this CPU holds in emit (0 or 1; 2 means re-entered). */
static DEFINE_PER_CPU(unsigned int, emit_nesting);

int wasmk_events_emit(struct wasmk_events *ev, const void *data, u32 len)
{
	static const u8 zero[WASMK_EVENT_ALIGN];
	struct wasmk_event hdr;
	unsigned long flags;
	u32 rec;
	u64 head;

	if (len > WASMK_EVENT_MAX)
		goto drop;
	rec = sizeof(hdr) + ALIGN(len, WASMK_EVENT_ALIGN);
	hdr.len = len;
	hdr.cpu = raw_smp_processor_id();
	hdr.time_ns = ktime_get_mono_fast_ns();	/* NMI-safe */
	/*
	 * Spin for the lock unless this CPU already holds a ring lock (an NMI,
	 * or a kprobe's int3, which the kernel enters as an NMI, interrupting
	 * an emit here): only then could spinning deadlock, so only then drop.
	 * Contention with another CPU waits for one record's copy at most.
	 */
	if (this_cpu_inc_return(emit_nesting) != 1) {
		this_cpu_dec(emit_nesting);
		goto drop;
	}
	/*
	 * In NMI (a kprobe's int3 included) by trylock: lockdep reports a
	 * plain lock there that other contexts take too.  Spinning on it is
	 * safe for the reason above (this CPU holds no ring lock), and the
	 * holder, on another CPU, copies one record.
	 */
	if (in_nmi()) {
		local_irq_save(flags);
		while (!raw_spin_trylock(&ev->lock))
			cpu_relax();
	} else {
		raw_spin_lock_irqsave(&ev->lock, flags);
	}
	head = ev->head;
	/* Pairs with the reader's release of tail: it is done with those bytes. */
	if (rec > ev->size - (head - smp_load_acquire(&ev->tail))) {
		raw_spin_unlock_irqrestore(&ev->lock, flags);
		this_cpu_dec(emit_nesting);
		goto drop;
	}
	ring_write(ev, head, &hdr, sizeof(hdr));
	ring_write(ev, head + sizeof(hdr), data, len);
	ring_write(ev, head + sizeof(hdr) + len, zero, rec - sizeof(hdr) - len);
	ev->emitted++;
	/* Publish the whole record; pairs with the reader's acquire of head. */
	smp_store_release(&ev->head, head + rec);
	raw_spin_unlock_irqrestore(&ev->lock, flags);
	this_cpu_dec(emit_nesting);
	/* wq_has_sleeper() pairs with the reader's prepare_to_wait (full barrier). */
	if (wq_has_sleeper(&ev->wq))
		irq_work_queue(&ev->wake);
	return 0;
drop:
	atomic64_inc(&ev->dropped);
	return -1;
}

static void ev_wake(struct irq_work *w)
{
	struct wasmk_events *ev = container_of(w, struct wasmk_events, wake);

	wake_up_interruptible(&ev->wq);
}

static bool ev_readable(struct wasmk_events *ev)
{
	/* Acquire head: pairs with the producers' release (record complete). */
	return smp_load_acquire(&ev->head) != READ_ONCE(ev->tail) || READ_ONCE(ev->dead);
}

static ssize_t ev_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct wasmk_prog *p = f->private_data;
	struct wasmk_events *ev = p->events;
	struct wasmk_event hdr;
	u64 head, tail;
	size_t done = 0;
	ssize_t ret;
	u32 rec;

	if (!count)
		return 0;
	if (mutex_lock_interruptible(&ev->read_lock))
		return -ERESTARTSYS;
	for (;;) {
		tail = ev->tail;	/* only the reader writes it */
		/* Pairs with the producers' release: the records are complete. */
		head = smp_load_acquire(&ev->head);
		if (head != tail)
			break;
		ret = 0;		/* unloaded and drained: end of file */
		if (READ_ONCE(ev->dead))
			goto out;
		ret = -EAGAIN;
		if (f->f_flags & O_NONBLOCK)
			goto out;
		mutex_unlock(&ev->read_lock);
		ret = wait_event_interruptible(ev->wq, ev_readable(ev));
		if (ret)
			return ret;
		if (mutex_lock_interruptible(&ev->read_lock))
			return -ERESTARTSYS;
	}
	ret = 0;
	while (tail != head) {
		ring_read(ev, tail, &hdr, sizeof(hdr));
		rec = sizeof(hdr) + ALIGN(hdr.len, WASMK_EVENT_ALIGN);
		if (rec > count - done)
			break;
		if (ring_copy_to_user(ev, tail, buf + done, rec)) {
			ret = -EFAULT;
			break;
		}
		done += rec;
		tail += rec;
	}
	/* Release the bytes read; pairs with the producers' acquire of tail. */
	smp_store_release(&ev->tail, tail);
	if (done)
		ret = done;
	else if (!ret)
		ret = -EINVAL;	/* the buffer can't hold the first record */
out:
	mutex_unlock(&ev->read_lock);
	return ret;
}

static __poll_t ev_poll(struct file *f, poll_table *pt)
{
	struct wasmk_prog *p = f->private_data;
	struct wasmk_events *ev = p->events;
	__poll_t mask = 0;

	poll_wait(f, &ev->wq, pt);
	/* Acquire head: pairs with the producers' release. */
	if (smp_load_acquire(&ev->head) != READ_ONCE(ev->tail))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(ev->dead))
		mask |= EPOLLIN | EPOLLHUP;	/* read() returns what is left, then 0 */
	return mask;
}

static long ev_stats(struct wasmk_events *ev, void __user *uarg)
{
	struct wasmk_events_stats st;
	u32 usize;
	int err;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < WASMK_EVENTS_STATS_SIZE_VER0)
		return -EINVAL;
	if (usize > WASMK_IOC_MAX_SIZE)
		return -E2BIG;
	/* The extensible-struct rule (ioctl.c): unknown trailing bytes zero. */
	err = copy_struct_from_user(&st, sizeof(st), uarg, usize);
	if (err)
		return err == -E2BIG ? -EINVAL : err;
	if (st.flags)
		return -EINVAL;
	st.emitted = READ_ONCE(ev->emitted);
	st.dropped = atomic64_read(&ev->dropped);
	st.ring_size = ev->size;
	/* Acquire head: pairs with the producers' release. */
	st.pending = smp_load_acquire(&ev->head) - READ_ONCE(ev->tail);
	if (copy_to_user(uarg, &st, min_t(u32, usize, sizeof(st))))
		return -EFAULT;
	return 0;
}

static long ev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct wasmk_prog *p = f->private_data;

	BUILD_BUG_ON(sizeof(struct wasmk_events_stats) != WASMK_EVENTS_STATS_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct wasmk_event) != 16);
	if (cmd != WASMK_IOC_EVENTS_STATS)
		return -ENOTTY;
	return ev_stats(p->events, (void __user *)arg);
}

static int ev_release(struct inode *inode, struct file *f)
{
	struct wasmk_prog *p = f->private_data;

	atomic_set(&p->events->has_reader, 0);
	wasmk_prog_put(p);
	return 0;
}

static const struct file_operations ev_fops = {
	.owner		= THIS_MODULE,
	.read		= ev_read,
	.poll		= ev_poll,
	.unlocked_ioctl	= ev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.release	= ev_release,
	.llseek		= noop_llseek,
};

long wasmk_cmd_events_open(union wasmk_karg *karg)
{
	struct wasmk_events_open *a = &karg->events_open;
	struct wasmk_prog *p;
	int fd;

	if (a->reserved)
		return -EINVAL;
	p = wasmk_prog_get(a->prog_id);
	if (!p)
		return -ENOENT;
	if (!p->events) {
		wasmk_prog_put(p);
		return -ENODATA;
	}
	if (atomic_cmpxchg(&p->events->has_reader, 0, 1)) {
		wasmk_prog_put(p);
		return -EBUSY;
	}
	/* The fd keeps the reference (dropped in ev_release). */
	fd = anon_inode_getfd("wasmk-events", &ev_fops, p, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		atomic_set(&p->events->has_reader, 0);
		wasmk_prog_put(p);
	}
	return fd;
}

static bool imports_emit(const struct wasm_module *m)
{
	u32 i, n = wasm_module_num_imports(m);

	for (i = 0; i < n; i++) {
		const struct wasm_import *imp = wasm_module_import(m, i);

		if (imp && imp->kind == WASM_EXTERN_FUNC &&
		    imp->module_len == 5 && !memcmp(imp->module, "wasmk", 5) &&
		    imp->name_len == 4 && !memcmp(imp->name, "emit", 4))
			return true;
	}
	return false;
}

int wasmk_events_create(struct wasmk_prog *p)
{
	struct wasmk_events *ev;
	u32 size;
	int cpu;

	if (!imports_emit(p->mod))
		return 0;
	size = clamp(READ_ONCE(event_ring_size), RING_MIN, RING_MAX);
	size = roundup_pow_of_two(size);
	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return -ENOMEM;
	ev->data = vmalloc(size);
	if (!ev->data) {
		kfree(ev);
		return -ENOMEM;
	}
	ev->size = size;
	raw_spin_lock_init(&ev->lock);
	atomic64_set(&ev->dropped, 0);
	atomic_set(&ev->has_reader, 0);
	mutex_init(&ev->read_lock);
	init_waitqueue_head(&ev->wq);
	init_irq_work(&ev->wake, ev_wake);
	p->events = ev;
	/* Before the program is published: no CPU runs it yet. */
	for_each_possible_cpu(cpu)
		per_cpu_ptr(p->rt.cpu, cpu)->events = ev;
	return 0;
}

void wasmk_events_unloaded(struct wasmk_prog *p)
{
	struct wasmk_events *ev = p->events;

	if (!ev)
		return;
	WRITE_ONCE(ev->dead, true);
	wake_up_interruptible(&ev->wq);
}

/* The last reference is gone: no handler, no reader, no test run. */
void wasmk_events_destroy(struct wasmk_prog *p)
{
	struct wasmk_events *ev = p->events;

	if (!ev)
		return;
	irq_work_sync(&ev->wake);
	mutex_destroy(&ev->read_lock);
	vfree(ev->data);
	kfree(ev);
	p->events = NULL;
}
